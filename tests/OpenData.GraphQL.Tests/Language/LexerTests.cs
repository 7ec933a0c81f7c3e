using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Tests.Language;

public class LexerTests
{
    private static Token Single(string source)
    {
        var tokens = Lexer.Tokenize(source);
        return Assert.Single(tokens);
    }

    [Fact]
    public void Reads_every_punctuator()
    {
        var kinds = Lexer.Tokenize("! $ & ( ) ... : = @ [ ] { | }").Select(t => t.Kind);
        Assert.Equal(
            [TokenKind.Bang, TokenKind.Dollar, TokenKind.Amp, TokenKind.ParenL, TokenKind.ParenR, TokenKind.Spread, TokenKind.Colon,
             TokenKind.Equals, TokenKind.At, TokenKind.BracketL, TokenKind.BracketR, TokenKind.BraceL, TokenKind.Pipe, TokenKind.BraceR],
            kinds);
    }

    [Fact]
    public void Skips_bom_whitespace_commas_and_comments_and_tracks_lines()
    {
        var tokens = Lexer.Tokenize("\uFEFF  ,,foo # comment, with } brace\r\n\tbar,\rbaz\n  _qux9");
        Assert.Equal(["foo", "bar", "baz", "_qux9"], tokens.Select(t => t.Value));
        Assert.Equal([(1, 6), (2, 2), (3, 1), (4, 3)], tokens.Select(t => (t.Line, t.Column)));
        Assert.Equal(5, tokens[0].Start);
    }

    [Theory]
    [InlineData("4", TokenKind.Int, "4")]
    [InlineData("-4", TokenKind.Int, "-4")]
    [InlineData("0", TokenKind.Int, "0")]
    [InlineData("-0", TokenKind.Int, "-0")]
    [InlineData("4.123", TokenKind.Float, "4.123")]
    [InlineData("-4.123", TokenKind.Float, "-4.123")]
    [InlineData("0.123", TokenKind.Float, "0.123")]
    [InlineData("123e4", TokenKind.Float, "123e4")]
    [InlineData("123E-4", TokenKind.Float, "123E-4")]
    [InlineData("-1.123e+4", TokenKind.Float, "-1.123e+4")]
    public void Reads_numbers(string source, TokenKind kind, string value)
    {
        var token = Single(source);
        Assert.Equal(kind, token.Kind);
        Assert.Equal(value, token.Value);
    }

    [Theory]
    [InlineData("\"simple\"", "simple")]
    [InlineData("\" white space \"", " white space ")]
    [InlineData("\"quote \\\"\"", "quote \"")]
    [InlineData("\"escaped \\n\\r\\b\\t\\f\\/\\\\\"", "escaped \n\r\b\t\f/\\")]
    [InlineData("\"unicode \\u1234\\u5678\\u90AB\\uCDEF\"", "unicode \u1234\u5678\u90AB\uCDEF")]
    [InlineData("\"variable \\u{1F600} width\"", "variable \U0001F600 width")]
    [InlineData("\"surrogate \\uD83D\\uDE00 pair\"", "surrogate \U0001F600 pair")]
    [InlineData("\"\\u{0}\"", "\0")]
    [InlineData("\"\"", "")]
    [InlineData("\"literal \U0001F600 emoji\"", "literal \U0001F600 emoji")]
    public void Reads_strings_with_escapes(string source, string value)
    {
        var token = Single(source);
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal(value, token.Value);
    }

    [Fact]
    public void Block_string_removes_common_indentation_and_blank_edge_lines()
    {
        var token = Single("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"");
        Assert.Equal(TokenKind.BlockString, token.Kind);
        Assert.Equal("Hello,\n  World!\n\nYours,\n  GraphQL.", token.Value);
    }

    [Fact]
    public void Block_string_keeps_escapes_raw_except_escaped_triple_quotes()
    {
        Assert.Equal("contains \"\"\" triple quote and \\n raw", Single("\"\"\"contains \\\"\"\" triple quote and \\n raw\"\"\"").Value);
    }

    [Fact]
    public void Block_string_normalises_line_endings_and_first_line_is_not_dedented()
    {
        Assert.Equal("  first\nsecond\n  third", Single("\"\"\"  first\r\n    second\r      third\n\"\"\"").Value);
    }

    [Fact]
    public void Tokens_after_a_multi_line_block_string_have_correct_lines()
    {
        var tokens = Lexer.Tokenize("\"\"\"\na\nb\n\"\"\" next");
        Assert.Equal((4, 5), (tokens[1].Line, tokens[1].Column));
    }

    [Fact]
    public void Lookahead_does_not_consume()
    {
        var lexer = new Lexer("a b");
        Assert.Equal("a", lexer.Lookahead().Value);
        Assert.Equal("a", lexer.Advance().Value);
        Assert.Equal("b", lexer.Lookahead().Value);
        Assert.Equal("b", lexer.Advance().Value);
        Assert.Equal(TokenKind.Eof, lexer.Advance().Kind);
    }
}
