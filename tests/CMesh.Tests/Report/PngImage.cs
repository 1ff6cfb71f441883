using System.Buffers.Binary;
using System.IO.Compression;

namespace CMesh.Tests.Report;

/// <summary>
/// Just enough of a PNG decoder for tests to check that a plot is a real image of its size and not blank: 8-bit
/// RGB, RGBA, grey or palette images, non-interlaced, as Skia (the report's plots) and Chromium (screenshots) write them.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, uint[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Every pixel's colour (palette entries resolved) as one number, row by row.</summary>
    public uint[] Pixels { get; }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(Signature), $"{path} is not a PNG");
        int width = 0, height = 0, colourType = 0, bitDepth = 0;
        var palette = Array.Empty<byte>();
        using var compressed = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colourType = data[9];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }

            at += 12 + length;
        }

        Assert.Equal(8, bitDepth);
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"colour type {colourType}") };
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * channels;
        var rows = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.AsSpan((y * (stride + 1)) + 1, stride).ToArray();
            var above = y > 0 ? rows[y - 1] : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int left = x >= channels ? row[x - channels] : 0, up = above[x], upLeft = x >= channels ? above[x - channels] : 0;
                row[x] = (byte)(row[x] + filter switch
                {
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => 0,
                });
            }

            rows[y] = row;
        }

        var pixels = new uint[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = rows[y].AsSpan(x * channels, channels);
                pixels[(y * width) + x] = colourType == 3
                    ? (uint)((palette[p[0] * 3] << 16) | (palette[(p[0] * 3) + 1] << 8) | palette[(p[0] * 3) + 2])
                    : channels >= 3 ? (uint)((p[0] << 16) | (p[1] << 8) | p[2]) : p[0];
            }
        }

        return new PngImage(width, height, pixels);
    }

    /// <summary>The share of pixels that differ from the most common colour (the background).</summary>
    public double InkShare()
    {
        var background = Pixels.GroupBy(p => p).MaxBy(g => g.Count())!.Key;
        return Pixels.Count(p => p != background) / (double)Pixels.Length;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
