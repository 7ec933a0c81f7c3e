using System.Text;
using System.Text.Unicode;

namespace OpenData.Import.Csv;

/// <summary>
/// An RFC 4180 reader over a whole file held in memory: comma separated, fields optionally quoted with
/// <c>"</c>, quotes doubled inside quoted fields, line breaks (CRLF, LF or CR) allowed inside quoted fields.
/// It works on bytes (every structural character is ASCII), so a file with invalid UTF-8 can still be split
/// into fields and the bad byte reported with its line and field. Seed files are small enough to read whole;
/// the largest real one is under 100 KB and a million-count MPS extract is about 6 MB.
/// </summary>
internal sealed class CsvReader
{
    /// <summary>Reports a syntax error: physical line, 1-based field number, message.</summary>
    public delegate void SyntaxError(int line, int column, string message);

    private struct Field
    {
        public int Start;
        public int Length;
        public int Line;
        public bool Quoted;
        public bool HasDoubledQuotes;
        public bool HasCarriageReturn;
    }

    private readonly byte[] _data;
    private int _position;
    private int _line = 1;
    private Field[] _fields = new Field[32];

    public CsvReader(byte[] data)
    {
        _data = data;
        // A UTF-8 byte order mark is valid UTF-8 and spreadsheet programs write it: skip it.
        if (data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) _position = 3;
        IsValidUtf8 = Utf8.IsValid(data.AsSpan(_position));
        IsEmpty = _position >= data.Length;
    }

    /// <summary>True when the whole file is valid UTF-8 (the common case: fields then need no check of their own).</summary>
    public bool IsValidUtf8 { get; }

    /// <summary>True when the file holds nothing but an optional byte order mark.</summary>
    public bool IsEmpty { get; }

    /// <summary>Physical line on which the current record starts.</summary>
    public int Line { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>True when the current record had a syntax error (it was reported through the callback).</summary>
    public bool HasSyntaxError { get; private set; }

    /// <summary>An empty line: one unquoted empty field.</summary>
    public bool IsBlank => FieldCount == 1 && _fields[0].Length == 0 && !_fields[0].Quoted;

    /// <summary>Reads the next record. False at the end of the data.</summary>
    public bool Read(SyntaxError onError)
    {
        var data = _data;
        var length = data.Length;
        if (_position >= length) return false;
        FieldCount = 0;
        HasSyntaxError = false;
        Line = _line;
        while (true)
        {
            if (_position < length && data[_position] == (byte)'"')
            {
                var openedOn = _line;
                var start = ++_position;
                var doubled = false;
                var carriageReturn = false;
                while (true)
                {
                    if (_position >= length)
                    {
                        Add(start, _position - start, openedOn, quoted: true, doubled, carriageReturn);
                        Fail(onError, openedOn, FieldCount, "expected a closing quote for the field opened on this line, found the end of the file");
                        return true;
                    }
                    var b = data[_position];
                    if (b == (byte)'"')
                    {
                        if (_position + 1 < length && data[_position + 1] == (byte)'"')
                        {
                            doubled = true;
                            _position += 2;
                            continue;
                        }
                        Add(start, _position - start, openedOn, quoted: true, doubled, carriageReturn);
                        _position++;
                        if (_position >= length) return true;
                        b = data[_position];
                        if (b == (byte)',') { _position++; break; }
                        if (b == (byte)'\n' || b == (byte)'\r') { ConsumeLineBreak(); return true; }
                        Fail(onError, _line, FieldCount, $"expected a comma or the end of the line after the closing quote, found {Describe(b)}");
                        // Recover at the next separator so the rest of the file is still checked.
                        while (_position < length && data[_position] is not ((byte)',' or (byte)'\n' or (byte)'\r')) _position++;
                        if (_position < length && data[_position] == (byte)',') { _position++; break; }
                        if (_position < length) ConsumeLineBreak();
                        return true;
                    }
                    if (b == (byte)'\n')
                    {
                        _line++;
                    }
                    else if (b == (byte)'\r')
                    {
                        carriageReturn = true;
                        if (_position + 1 >= length || data[_position + 1] != (byte)'\n') _line++;
                    }
                    _position++;
                }
            }
            else
            {
                var start = _position;
                var quoteReported = false;
                while (_position < length)
                {
                    var b = data[_position];
                    if (b is (byte)',' or (byte)'\n' or (byte)'\r') break;
                    if (b == (byte)'"' && !quoteReported)
                    {
                        quoteReported = true;
                        Fail(onError, _line, FieldCount + 1, "expected a quote only inside a quoted field, found a quote in an unquoted field (quote the field and double the quote)");
                    }
                    _position++;
                }
                Add(start, _position - start, _line, quoted: false, doubled: false, carriageReturn: false);
                if (_position >= length) return true;
                if (data[_position] == (byte)',') { _position++; continue; }
                ConsumeLineBreak();
                return true;
            }
        }
    }

    private void Fail(SyntaxError onError, int line, int column, string message)
    {
        HasSyntaxError = true;
        onError(line, column, message);
    }

    private void ConsumeLineBreak()
    {
        if (_data[_position] == (byte)'\r' && _position + 1 < _data.Length && _data[_position + 1] == (byte)'\n') _position += 2;
        else _position++;
        _line++;
    }

    private void Add(int start, int length, int line, bool quoted, bool doubled, bool carriageReturn)
    {
        if (FieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[FieldCount++] = new Field
        {
            Start = start,
            Length = length,
            Line = line,
            Quoted = quoted,
            HasDoubledQuotes = doubled,
            HasCarriageReturn = carriageReturn,
        };
    }

    /// <summary>The field's bytes as they are in the file (quotes of a quoted field stripped, doubled quotes kept).</summary>
    public ReadOnlySpan<byte> Raw(int index)
    {
        ref var field = ref _fields[index];
        return _data.AsSpan(field.Start, field.Length);
    }

    /// <summary>True when the raw bytes can be used as the value (no doubled quotes or line breaks to normalise).</summary>
    public bool IsPlain(int index) => !_fields[index].HasDoubledQuotes && !_fields[index].HasCarriageReturn;

    /// <summary>Line on which the field starts.</summary>
    public int FieldLine(int index) => _fields[index].Line;

    /// <summary>
    /// The field's value. Doubled quotes become one quote and CRLF inside a quoted field becomes LF, so a value
    /// reads the same whatever line endings the file was saved with. Only valid UTF-8 may be decoded here:
    /// check <see cref="FindInvalidUtf8"/> first when <see cref="IsValidUtf8"/> is false.
    /// </summary>
    public string GetString(int index)
    {
        ref var field = ref _fields[index];
        if (field.Length == 0) return string.Empty;
        var value = Encoding.UTF8.GetString(_data, field.Start, field.Length);
        if (field.HasDoubledQuotes) value = value.Replace("\"\"", "\"");
        if (field.HasCarriageReturn) value = value.Replace("\r\n", "\n").Replace('\r', '\n');
        return value;
    }

    /// <summary>
    /// Finds the first byte of the field that is not valid UTF-8. Returns false when the field is valid;
    /// otherwise the byte and the physical line it is on.
    /// </summary>
    public bool FindInvalidUtf8(int index, out byte bad, out int line)
    {
        bad = 0;
        line = 0;
        if (IsValidUtf8) return false;
        ref var field = ref _fields[index];
        var span = _data.AsSpan(field.Start, field.Length);
        if (Utf8.IsValid(span)) return false;
        line = field.Line;
        var offset = 0;
        while (offset < span.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                bad = span[offset];
                return true;
            }
            var b = span[offset];
            if (b == (byte)'\n' || (b == (byte)'\r' && (offset + 1 >= span.Length || span[offset + 1] != (byte)'\n'))) line++;
            offset += consumed;
        }
        return false;
    }

    private static string Describe(byte b) => b >= 0x20 && b < 0x7F ? $"\"{(char)b}\"" : $"byte 0x{b:X2}";
}
