using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Just enough of PNG to look at a browser screenshot's pixels: 8-bit RGB or RGBA, not interlaced (what Chromium writes).
    /// IDAT data is inflated with ZLibStream and the row filters undone.
    /// </summary>
    internal sealed class PngImage
    {
        private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

        private readonly byte[] _pixels;
        private readonly int _channels;

        private PngImage(int width, int height, int channels, byte[] pixels)
        {
            Width = width;
            Height = height;
            _channels = channels;
            _pixels = pixels;
        }

        public int Width { get; }
        public int Height { get; }

        /// <summary>The pixel's colour as 0xRRGGBB (alpha ignored).</summary>
        public int Rgb(int x, int y)
        {
            int i = (y * Width + x) * _channels;
            return (_pixels[i] << 16) | (_pixels[i + 1] << 8) | _pixels[i + 2];
        }

        public static PngImage Read(string file)
        {
            byte[] data = File.ReadAllBytes(file);
            if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(Signature))
            {
                throw new InvalidDataException(file + " is not a PNG file");
            }
            int width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            for (int at = 8; at + 8 <= data.Length;)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
                string type = System.Text.Encoding.ASCII.GetString(data, at + 4, 4);
                var body = data.AsSpan(at + 8, length);
                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body.Slice(4));
                    byte depth = body[8], colourType = body[9], interlace = body[12];
                    channels = colourType switch { 2 => 3, 6 => 4, _ => 0 };
                    if (depth != 8 || channels == 0 || interlace != 0)
                    {
                        throw new NotSupportedException($"{file}: bit depth {depth}, colour type {colourType}, interlace {interlace} is not handled");
                    }
                }
                else if (type == "IDAT")
                {
                    idat.Write(body);
                }
                else if (type == "IEND")
                {
                    break;
                }
                at += 12 + length;
            }
            idat.Position = 0;
            int stride = width * channels;
            var raw = new byte[(stride + 1) * height];
            using (var inflate = new ZLibStream(idat, CompressionMode.Decompress))
            {
                inflate.ReadExactly(raw);
            }
            var pixels = new byte[stride * height];
            for (int y = 0; y < height; y++)
            {
                byte filter = raw[y * (stride + 1)];
                var source = raw.AsSpan(y * (stride + 1) + 1, stride);
                var row = pixels.AsSpan(y * stride, stride);
                var above = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
                for (int i = 0; i < stride; i++)
                {
                    int left = i >= channels ? row[i - channels] : 0;
                    int up = above[i];
                    int upLeft = i >= channels ? above[i - channels] : 0;
                    int predicted = filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        4 => Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"{file}: row {y} has filter type {filter}"),
                    };
                    row[i] = (byte)(source[i] + predicted);
                }
            }
            return new PngImage(width, height, channels, pixels);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
