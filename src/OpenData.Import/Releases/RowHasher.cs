using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OpenData.Import.Build;

namespace OpenData.Import.Releases;

/// <summary>
/// Content hashing. A row is serialised canonically: its columns in ordinal name order, each value as a type
/// tag and bytes (null 0; text 1 + int32 length + UTF-8; integer 2 + int64; real 3 + IEEE bits; all little
/// endian). Values are typed, so "8.80" and "8.8" in a number column, or a file saved with CRLF instead of LF,
/// hash the same. The row hash is the first 16 bytes of SHA-256 of that serialisation, as 32 hex digits.
/// <para>
/// The content hash of a release is SHA-256 over the lines <c>&lt;dataset&gt;\t&lt;row id&gt;\t&lt;row hash&gt;\n</c>
/// for every row, datasets in name order and rows in id order (code point order, which is SQLite's BINARY
/// order): it can be recomputed from the row_hashes table alone with
/// <c>SELECT dataset, row_id, hash FROM row_hashes ORDER BY dataset, row_id</c>.
/// </para>
/// </summary>
internal sealed class RowHasher
{
    private byte[] _buffer = new byte[1024];

    public UInt128 Hash(object?[] values)
    {
        var length = 0;
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    Ensure(length + 1);
                    _buffer[length++] = 0;
                    break;
                case string text:
                    Ensure(length + 5 + Encoding.UTF8.GetMaxByteCount(text.Length));
                    _buffer[length] = 1;
                    var written = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(length + 5));
                    BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(length + 1), written);
                    length += 5 + written;
                    break;
                case long integer:
                    Ensure(length + 9);
                    _buffer[length] = 2;
                    BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(length + 1), integer);
                    length += 9;
                    break;
                case double real:
                    Ensure(length + 9);
                    _buffer[length] = 3;
                    // +0.0 and -0.0 are the same published figure.
                    BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(length + 1), BitConverter.DoubleToInt64Bits(real == 0 ? 0.0 : real));
                    length += 9;
                    break;
                default:
                    throw new InvalidOperationException($"Cannot hash a value of type {value.GetType().Name}");
            }
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, length), digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    private void Ensure(int size)
    {
        if (size > _buffer.Length) Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
    }

    /// <summary>The hash as 32 lower-case hex digits in UTF-8.</summary>
    public static void WriteHex(UInt128 hash, Span<byte> destination)
    {
        for (var i = 31; i >= 0; i--)
        {
            var digit = (int)(hash & 0xF);
            destination[i] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            hash >>= 4;
        }
    }
}

/// <summary>The content hash on its own, to tell whether there is anything to import before writing a row.</summary>
internal static class ContentHasher
{
    public static string Compute(IReadOnlyList<TableRows> datasets)
    {
        using var content = new ContentHash();
        var hasher = new RowHasher();
        foreach (var dataset in datasets.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var cursor = dataset.Open();
            var count = 0L;
            while (cursor.MoveNext())
            {
                content.Add(dataset.Name, cursor.Id, hasher.Hash(cursor.Values));
                count++;
            }
            Check(dataset, count);
        }
        return content.Finish();
    }

    public static void Check(TableRows dataset, long count)
    {
        if (count != dataset.Count) throw new InvalidOperationException($"{dataset.Name}: expected {dataset.Count} rows, generated {count}");
    }
}

/// <summary>
/// Accumulates the content hash line by line, checking on the way that ids are unique and arrive in order
/// (the rows are generated in id order, which the hash and the diff rely on).
/// </summary>
internal sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _line = new byte[256];
    private string? _dataset;
    private string? _previous;

    public void Add(string dataset, string id, UInt128 hash)
    {
        if (!ReferenceEquals(dataset, _dataset)) { _dataset = dataset; _previous = null; }
        if (_previous is not null && CodePointOrder.Instance.Compare(_previous, id) >= 0)
            throw new InvalidOperationException($"{dataset}: row id {id} is not after {_previous}: ids must be unique and generated in order");
        _previous = id;

        var size = Encoding.UTF8.GetMaxByteCount(dataset.Length + id.Length) + 35;
        if (size > _line.Length) _line = new byte[size * 2];
        var length = Encoding.UTF8.GetBytes(dataset, _line);
        _line[length++] = (byte)'\t';
        length += Encoding.UTF8.GetBytes(id, _line.AsSpan(length));
        _line[length++] = (byte)'\t';
        RowHasher.WriteHex(hash, _line.AsSpan(length));
        length += 32;
        _line[length++] = (byte)'\n';
        _sha.AppendData(_line, 0, length);
    }

    public string Finish() => Convert.ToHexStringLower(_sha.GetHashAndReset());

    public void Dispose() => _sha.Dispose();
}
