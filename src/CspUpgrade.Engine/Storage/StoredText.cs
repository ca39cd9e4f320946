using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>The inventory's text and encoding as read (a byte-order mark is written back if the file had one).</summary>
    internal sealed class StoredText
    {
        private StoredText(string text, Encoding encoding)
        {
            Text = text;
            Encoding = encoding;
        }

        public string Text { get; }
        public Encoding Encoding { get; }

        public static StoredText Read(string path)
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            string text = reader.ReadToEnd();
            var detected = reader.CurrentEncoding;
            byte[] preamble = detected.GetPreamble();
            bool hasMark = preamble.Length > 0 && bytes.Length >= preamble.Length && bytes.Take(preamble.Length).SequenceEqual(preamble);
            return new StoredText(text, hasMark ? detected : new UTF8Encoding(false));
        }
    }
}
