using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Tests.Language;

public class ParserErrorTests
{
    // Expected messages and positions were produced by graphql-js 16.15 parse() on the same inputs.
    [Theory]
    [InlineData("{", "Syntax Error: Expected Name, found <EOF>.", 1, 2)]
    [InlineData("{ field }}", "Syntax Error: Unexpected \"}\".", 1, 10)]
    [InlineData("query { a(b: ) }", "Syntax Error: Unexpected \")\".", 1, 14)]
    [InlineData("\"abc", "Syntax Error: Unterminated string.", 1, 5)]
    [InlineData("{ a(x: 0123) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9)]
    [InlineData("{ a(x: 1.) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10)]
    [InlineData("{ a(x: \"\\u{110000}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 9)]
    [InlineData("{ a(x: \"\\uD800\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".", 1, 9)]
    [InlineData("{ a(x: \"\\q\") }", "Syntax Error: Invalid character escape sequence: \"\\q\".", 1, 9)]
    [InlineData("{ a(x: 'b') }", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?", 1, 8)]
    [InlineData("{ a(x: 1.2.3) }", "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11)]
    [InlineData("", "Syntax Error: Unexpected <EOF>.", 1, 1)]
    [InlineData("fragment on on T { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10)]
    [InlineData("query Q($a: Int = $b) { a }", "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 19)]
    [InlineData("{ ...on }", "Syntax Error: Expected Name, found \"}\".", 1, 9)]
    [InlineData("\u0007", "Syntax Error: Unexpected character: U+0007.", 1, 1)]
    [InlineData("{ a(x: \"\n\") }", "Syntax Error: Unterminated string.", 1, 9)]
    [InlineData("\"desc\" { a }", "Syntax Error: Unexpected description, descriptions are not supported on shorthand queries.", 1, 1)]
    [InlineData("\"desc\" extend type T { a: Int }", "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1)]
    [InlineData("extend type T", "Syntax Error: Unexpected <EOF>.", 1, 14)]
    [InlineData("enum E { true }", "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10)]
    [InlineData("directive @d on FOO", "Syntax Error: Unexpected Name \"FOO\".", 1, 17)]
    [InlineData("{ a(x: 1e) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10)]
    [InlineData("{ a(x: -) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9)]
    [InlineData("{ a \u00E9 }", "Syntax Error: Unexpected character: U+00E9.", 1, 5)]
    [InlineData("query { a { b } } mutation", "Syntax Error: Expected \"{\", found <EOF>.", 1, 27)]
    [InlineData("{ ... }", "Syntax Error: Expected \"{\", found \"}\".", 1, 7)]
    [InlineData("{ a: }", "Syntax Error: Expected Name, found \"}\".", 1, 6)]
    [InlineData("query Q($a) { a }", "Syntax Error: Expected \":\", found \")\".", 1, 11)]
    [InlineData("{ a(x: [1, 2) }", "Syntax Error: Unexpected \")\".", 1, 13)]
    [InlineData("{ a(x: {b: 1}) }}", "Syntax Error: Unexpected \"}\".", 1, 17)]
    [InlineData("{\n  a\n  b(\n}", "Syntax Error: Expected Name, found \"}\".", 4, 1)]
    [InlineData("query {\r\n  a(x: \"\"\"\r\n  multi\r\n  \"\"\") \r\n  ~ }", "Syntax Error: Unexpected character: \"~\".", 5, 3)]
    [InlineData("{ a(x: \"\\u{1F600}\" ) b(y: \"\\uD83D\\uDE00\") c(z: \u0001) }", "Syntax Error: Unexpected character: U+0001.", 1, 48)]
    [InlineData("\uFEFF{ a, b,, c } #comment\n$", "Syntax Error: Unexpected \"$\".", 2, 1)]
    public void Syntax_errors_match_graphql_js(string source, string message, int line, int column)
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse(source));
        Assert.Equal(message, ex.Message);
        var location = Assert.Single(ex.Error.Locations!);
        Assert.Equal(new SourceLocation(line, column), location);
        Assert.Equal(ErrorCodes.ParseFailed, ex.Error.Code);
    }

    [Fact]
    public void Deeply_nested_selection_sets_are_rejected_instead_of_overflowing_the_stack()
    {
        var source = string.Concat(Enumerable.Repeat("{a", 100_000)) + string.Concat(Enumerable.Repeat("}", 100_000));
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse(source));
        Assert.Contains("nested too deeply", ex.Message);
    }

    [Fact]
    public void Deeply_nested_list_values_are_rejected()
    {
        var source = "{ a(x: " + new string('[', 10_000) + new string(']', 10_000) + ") }";
        Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse(source));
    }

    [Fact]
    public void Token_limit_aborts_parsing()
    {
        var ex = Assert.Throws<GraphQLSyntaxException>(() => Parser.Parse("{ a b c d e f }", new ParserOptions { MaxTokens = 4 }));
        Assert.Equal("Syntax Error: Document contains more that 4 tokens. Parsing aborted.", ex.Message);
    }
}
