using System;
using System.Collections.Generic;
using System.IO;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>
    /// Hands a JSON file's characters to Newtonsoft's reader and keeps the ones it has not yet passed, with where each line
    /// starts, so the reader can look at a token's own text: Newtonsoft turns <c>025</c> into 21 and <c>0x19</c> into 25, and
    /// only the text shows that the file did not hold a plain JSON number. Lines are counted as Newtonsoft counts them
    /// (\n, \r and \r\n each end one), so its line and position map to an offset here.
    /// </summary>
    internal sealed class JsonSourceWindow : TextReader
    {
        private readonly TextReader _inner;
        private char[] _buffer = new char[8192];
        private int _count;
        private long _bufferStart;
        private long _total;
        private bool _afterCarriageReturn;

        // Start offset of line (_firstLine + i - _head), for the lines not yet released; entries before _head are released.
        private readonly List<long> _lineStarts = new List<long> { 0 };
        private int _head;
        private int _firstLine = 1;

        public JsonSourceWindow(TextReader inner)
        {
            _inner = inner;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            int read = _inner.Read(buffer, index, count);
            Keep(buffer, index, read);
            return read;
        }

        public override int Read()
        {
            int c = _inner.Read();
            if (c >= 0)
            {
                Keep(new[] { (char)c }, 0, 1);
            }
            return c;
        }

        /// <summary>
        /// The text of the token that ends at <paramref name="position"/> of <paramref name="line"/> (Newtonsoft's numbering)
        /// and is made of the characters a number or bare word can hold; null when that part is no longer kept.
        /// </summary>
        public string? BareTokenEndingAt(int line, int position)
        {
            int lineIndex = _head + line - _firstLine;
            if (lineIndex < _head || lineIndex >= _lineStarts.Count)
            {
                return null;
            }
            long end = _lineStarts[lineIndex] + position;
            if (end > _total || end < _bufferStart)
            {
                return null;
            }
            int last = (int)(end - _bufferStart);
            int first = last;
            while (first > 0 && IsBareChar(_buffer[first - 1]))
            {
                first--;
            }
            return new string(_buffer, first, last - first);
        }

        /// <summary>Forgets what lies before <paramref name="position"/> of <paramref name="line"/>: the reader is past it.</summary>
        public void Release(int line, int position)
        {
            int lineIndex = _head + line - _firstLine;
            if (lineIndex < _head || lineIndex >= _lineStarts.Count)
            {
                return;
            }
            long keepFrom = Math.Min(_lineStarts[lineIndex] + position, _total);
            _head = lineIndex;
            _firstLine = line;
            if (_head >= 1024 && _head >= _lineStarts.Count / 2)
            {
                _lineStarts.RemoveRange(0, _head);
                _head = 0;
            }
            int shift = (int)(keepFrom - _bufferStart);
            if (shift >= 4096 && shift >= _count / 2)
            {
                Array.Copy(_buffer, shift, _buffer, 0, _count - shift);
                _count -= shift;
                _bufferStart = keepFrom;
            }
        }

        private static bool IsBareChar(char c) =>
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-' || c == '_';

        private void Keep(char[] chars, int index, int length)
        {
            if (length <= 0)
            {
                return;
            }
            if (_count + length > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + length));
            }
            Array.Copy(chars, index, _buffer, _count, length);
            _count += length;
            for (int i = 0; i < length; i++)
            {
                char c = chars[index + i];
                long next = _total + i + 1;
                if (c == '\n')
                {
                    if (_afterCarriageReturn)
                    {
                        _lineStarts[_lineStarts.Count - 1] = next; // \r\n ends one line
                    }
                    else
                    {
                        _lineStarts.Add(next);
                    }
                    _afterCarriageReturn = false;
                }
                else
                {
                    if (c == '\r')
                    {
                        _lineStarts.Add(next);
                    }
                    _afterCarriageReturn = c == '\r';
                }
            }
            _total += length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
