using System.Text;

namespace OpenData.GraphQL.Language;

/// <summary>
/// Turns GraphQL source text into tokens (spec section 2.1). Ignored tokens (BOM, white space, line
/// terminators, commas, comments) are skipped by <see cref="Advance"/>. Error messages follow graphql-js.
/// </summary>
public sealed class Lexer
{
    private readonly string _body;
    private int _line = 1;
    private int _lineStart;
    private Token _lookahead;
    private bool _hasLookahead;

    /// <summary>Creates a lexer positioned at the start-of-file token.</summary>
    public Lexer(string body)
    {
        _body = body;
        Token = new Token(TokenKind.Sof, 0, 0, 0, 0, null);
        LastToken = Token;
    }

    /// <summary>The current token.</summary>
    public Token Token { get; private set; }

    /// <summary>The previously current token (used for node end positions).</summary>
    public Token LastToken { get; private set; }

    /// <summary>Moves to the next significant token and returns it.</summary>
    public Token Advance()
    {
        LastToken = Token;
        Token = Lookahead();
        _hasLookahead = false;
        return Token;
    }

    /// <summary>Returns the next significant token without consuming it.</summary>
    public Token Lookahead()
    {
        if (_hasLookahead) return _lookahead;
        var token = Token;
        if (token.Kind != TokenKind.Eof)
        {
            do
            {
                token = ReadNextToken(token.End);
            } while (token.Kind == TokenKind.Comment);
        }
        _lookahead = token;
        _hasLookahead = true;
        return token;
    }

    /// <summary>Reads every significant token of a source (handy for tests and tools).</summary>
    public static List<Token> Tokenize(string body)
    {
        var lexer = new Lexer(body);
        var list = new List<Token>();
        while (lexer.Advance().Kind != TokenKind.Eof) list.Add(lexer.Token);
        return list;
    }

    private Token Make(TokenKind kind, int start, int end, string? value = null)
        => new(kind, start, end, _line, 1 + start - _lineStart, value);

    private GraphQLSyntaxException Error(int position, string description)
    {
        // Compute line/column from scratch: errors are rare and this keeps the hot path simple.
        int line = 1, lineStart = 0;
        for (int i = 0; i < position && i < _body.Length; i++)
        {
            char c = _body[i];
            if (c == '\n') { line++; lineStart = i + 1; }
            else if (c == '\r')
            {
                if (i + 1 < _body.Length && _body[i + 1] == '\n') i++;
                line++;
                lineStart = i + 1;
            }
        }
        return new GraphQLSyntaxException(description, line, position - lineStart + 1, position);
    }

    private int CharAt(int position) => position < _body.Length ? _body[position] : -1;

    private Token ReadNextToken(int start)
    {
        var body = _body;
        int length = body.Length;
        int position = start;
        while (position < length)
        {
            char code = body[position];
            switch (code)
            {
                case '\uFEFF':
                case '\t':
                case ' ':
                case ',':
                    position++;
                    continue;
                case '\n':
                    position++;
                    _line++;
                    _lineStart = position;
                    continue;
                case '\r':
                    position += CharAt(position + 1) == '\n' ? 2 : 1;
                    _line++;
                    _lineStart = position;
                    continue;
                case '#':
                    return ReadComment(position);
                case '!': return Make(TokenKind.Bang, position, position + 1);
                case '$': return Make(TokenKind.Dollar, position, position + 1);
                case '&': return Make(TokenKind.Amp, position, position + 1);
                case '(': return Make(TokenKind.ParenL, position, position + 1);
                case ')': return Make(TokenKind.ParenR, position, position + 1);
                case '.':
                    if (CharAt(position + 1) == '.' && CharAt(position + 2) == '.')
                        return Make(TokenKind.Spread, position, position + 3);
                    break;
                case ':': return Make(TokenKind.Colon, position, position + 1);
                case '=': return Make(TokenKind.Equals, position, position + 1);
                case '@': return Make(TokenKind.At, position, position + 1);
                case '[': return Make(TokenKind.BracketL, position, position + 1);
                case ']': return Make(TokenKind.BracketR, position, position + 1);
                case '{': return Make(TokenKind.BraceL, position, position + 1);
                case '|': return Make(TokenKind.Pipe, position, position + 1);
                case '}': return Make(TokenKind.BraceR, position, position + 1);
                case '"':
                    if (CharAt(position + 1) == '"' && CharAt(position + 2) == '"') return ReadBlockString(position);
                    return ReadString(position);
            }

            if (IsDigit(code) || code == '-') return ReadNumber(position, code);
            if (IsNameStart(code)) return ReadName(position);

            throw Error(position,
                code == '\''
                    ? "Unexpected single quote character ('), did you mean to use a double quote (\")?"
                    : IsUnicodeScalarValue(code) || IsSupplementaryCodePoint(position)
                        ? "Unexpected character: " + PrintCodePointAt(position) + "."
                        : "Invalid character: " + PrintCodePointAt(position) + ".");
        }
        return Make(TokenKind.Eof, length, length);
    }

    internal static bool IsDigit(int c) => c >= '0' && c <= '9';
    internal static bool IsLetter(int c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    internal static bool IsNameStart(int c) => IsLetter(c) || c == '_';
    internal static bool IsNameContinue(int c) => IsLetter(c) || IsDigit(c) || c == '_';
    private static bool IsUnicodeScalarValue(int c) => (c >= 0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0x10FFFF);
    private static bool IsLeadingSurrogate(int c) => c >= 0xD800 && c <= 0xDBFF;
    private static bool IsTrailingSurrogate(int c) => c >= 0xDC00 && c <= 0xDFFF;
    private bool IsSupplementaryCodePoint(int position) => IsLeadingSurrogate(CharAt(position)) && IsTrailingSurrogate(CharAt(position + 1));

    private string PrintCodePointAt(int position)
    {
        if (position >= _body.Length) return "<EOF>";
        int code = IsSupplementaryCodePoint(position) ? char.ConvertToUtf32(_body[position], _body[position + 1]) : _body[position];
        if (code >= 0x20 && code <= 0x7E)
        {
            return code == '"' ? "'\"'" : "\"" + (char)code + "\"";
        }
        return "U+" + code.ToString("X4");
    }

    private Token ReadComment(int start)
    {
        int position = start + 1;
        while (position < _body.Length)
        {
            char code = _body[position];
            if (code == '\n' || code == '\r') break;
            if (IsUnicodeScalarValue(code)) position++;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else break;
        }
        return Make(TokenKind.Comment, start, position, _body.Substring(start + 1, position - start - 1));
    }

    private Token ReadNumber(int start, int firstCode)
    {
        int position = start;
        int code = firstCode;
        bool isFloat = false;
        if (code == '-') code = CharAt(++position);
        if (code == '0')
        {
            code = CharAt(++position);
            if (IsDigit(code)) throw Error(position, "Invalid number, unexpected digit after 0: " + PrintCodePointAt(position) + ".");
        }
        else
        {
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code == '.')
        {
            isFloat = true;
            code = CharAt(++position);
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code == 'E' || code == 'e')
        {
            isFloat = true;
            code = CharAt(++position);
            if (code == '+' || code == '-') code = CharAt(++position);
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code == '.' || IsNameStart(code))
            throw Error(position, "Invalid number, expected digit but got: " + PrintCodePointAt(position) + ".");
        return Make(isFloat ? TokenKind.Float : TokenKind.Int, start, position, _body.Substring(start, position - start));
    }

    private int ReadDigits(int start, int firstCode)
    {
        if (!IsDigit(firstCode))
            throw Error(start, "Invalid number, expected digit but got: " + PrintCodePointAt(start) + ".");
        int position = start + 1;
        while (IsDigit(CharAt(position))) position++;
        return position;
    }

    private Token ReadString(int start)
    {
        var body = _body;
        int position = start + 1;
        int chunkStart = position;
        StringBuilder? value = null; // only allocated when the string has escapes
        while (position < body.Length)
        {
            char code = body[position];
            if (code == '"')
            {
                string result;
                if (value is null) result = body.Substring(chunkStart, position - chunkStart);
                else result = value.Append(body, chunkStart, position - chunkStart).ToString();
                return Make(TokenKind.String, start, position + 1, result);
            }
            if (code == '\\')
            {
                value ??= new StringBuilder();
                value.Append(body, chunkStart, position - chunkStart);
                int size;
                if (CharAt(position + 1) == 'u')
                {
                    size = CharAt(position + 2) == '{'
                        ? ReadEscapedUnicodeVariableWidth(position, value)
                        : ReadEscapedUnicodeFixedWidth(position, value);
                }
                else
                {
                    size = ReadEscapedCharacter(position, value);
                }
                position += size;
                chunkStart = position;
                continue;
            }
            if (code == '\n' || code == '\r') break;
            if (IsUnicodeScalarValue(code)) position++;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else throw Error(position, "Invalid character within String: " + PrintCodePointAt(position) + ".");
        }
        throw Error(position, "Unterminated string.");
    }

    private int ReadEscapedUnicodeVariableWidth(int position, StringBuilder value)
    {
        int point = 0;
        int size = 3;
        // Cannot be larger than 12 chars (\u{00000000}).
        while (size < 12)
        {
            int code = CharAt(position + size++);
            if (code == '}')
            {
                // Must be at least 5 chars (\u{0}) and encode a Unicode scalar value.
                if (size < 5 || !IsUnicodeScalarValue(point)) break;
                value.Append(char.ConvertFromUtf32(point));
                return size;
            }
            point = (point << 4) | ReadHexDigit(code);
            if (point < 0) break;
        }
        throw Error(position, "Invalid Unicode escape sequence: \"" + Slice(position, position + size) + "\".");
    }

    private int ReadEscapedUnicodeFixedWidth(int position, StringBuilder value)
    {
        int code = Read16BitHexCode(position + 2);
        if (IsUnicodeScalarValue(code))
        {
            value.Append((char)code);
            return 6;
        }
        // GraphQL allows JSON-style surrogate pair escapes, but only when they form a valid pair.
        if (IsLeadingSurrogate(code) && CharAt(position + 6) == '\\' && CharAt(position + 7) == 'u')
        {
            int trailing = Read16BitHexCode(position + 8);
            if (IsTrailingSurrogate(trailing))
            {
                value.Append((char)code).Append((char)trailing);
                return 12;
            }
        }
        throw Error(position, "Invalid Unicode escape sequence: \"" + Slice(position, position + 6) + "\".");
    }

    private string Slice(int start, int end) => _body.Substring(start, Math.Min(end, _body.Length) - start);

    private int Read16BitHexCode(int position)
        => (ReadHexDigit(CharAt(position)) << 12) | (ReadHexDigit(CharAt(position + 1)) << 8)
         | (ReadHexDigit(CharAt(position + 2)) << 4) | ReadHexDigit(CharAt(position + 3));

    private static int ReadHexDigit(int code)
        => code >= '0' && code <= '9' ? code - '0'
         : code >= 'A' && code <= 'F' ? code - 'A' + 10
         : code >= 'a' && code <= 'f' ? code - 'a' + 10
         : -1;

    private int ReadEscapedCharacter(int position, StringBuilder value)
    {
        char? c = CharAt(position + 1) switch
        {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => null,
        };
        if (c is null) throw Error(position, "Invalid character escape sequence: \"" + Slice(position, position + 2) + "\".");
        value.Append(c.Value);
        return 2;
    }

    private Token ReadBlockString(int start)
    {
        var body = _body;
        int lineStart = _lineStart;
        int position = start + 3;
        int chunkStart = position;
        var currentLine = new StringBuilder();
        var blockLines = new List<string>();
        while (position < body.Length)
        {
            char code = body[position];
            if (code == '"' && CharAt(position + 1) == '"' && CharAt(position + 2) == '"')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                blockLines.Add(currentLine.ToString());
                var token = Make(TokenKind.BlockString, start, position + 3, string.Join('\n', BlockString.DedentLines(blockLines)));
                _line += blockLines.Count - 1;
                _lineStart = lineStart;
                return token;
            }
            if (code == '\\' && CharAt(position + 1) == '"' && CharAt(position + 2) == '"' && CharAt(position + 3) == '"')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                chunkStart = position + 1; // keep the quotes, drop only the backslash
                position += 4;
                continue;
            }
            if (code == '\n' || code == '\r')
            {
                currentLine.Append(body, chunkStart, position - chunkStart);
                blockLines.Add(currentLine.ToString());
                currentLine.Clear();
                position += code == '\r' && CharAt(position + 1) == '\n' ? 2 : 1;
                chunkStart = position;
                lineStart = position;
                continue;
            }
            if (IsUnicodeScalarValue(code)) position++;
            else if (IsSupplementaryCodePoint(position)) position += 2;
            else throw Error(position, "Invalid character within String: " + PrintCodePointAt(position) + ".");
        }
        throw Error(position, "Unterminated string.");
    }

    private Token ReadName(int start)
    {
        int position = start + 1;
        while (position < _body.Length && IsNameContinue(_body[position])) position++;
        return Make(TokenKind.Name, start, position, _body.Substring(start, position - start));
    }
}
