using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Tests.Language;

public class BlockStringTests
{
    [Fact]
    public void Dedent_uses_smallest_indent_of_non_blank_lines_after_the_first()
    {
        Assert.Equal("first\n  a\nb", BlockString.Dedent("first\n    a\n  b"));
    }

    [Fact]
    public void Dedent_of_only_whitespace_is_empty()
    {
        Assert.Equal("", BlockString.Dedent("   \n\t\n  "));
    }

    // Expected outputs from graphql-js printBlockString.
    [Theory]
    [InlineData("", "\"\"\"\"\"\"")]
    [InlineData("short", "\"\"\"short\"\"\"")]
    [InlineData("two\nlines", "\"\"\"\ntwo\nlines\n\"\"\"")]
    [InlineData(" leading space", "\"\"\" leading space\"\"\"")]
    [InlineData("ends with quote\"", "\"\"\"\nends with quote\"\n\"\"\"")]
    [InlineData("has \"\"\" inside", "\"\"\"has \\\"\"\" inside\"\"\"")]
    [InlineData("first\n  indented", "\"\"\"\nfirst\n  indented\n\"\"\"")]
    [InlineData("  all\n  indented", "\"\"\"\n  all\n  indented\n\"\"\"")]
    public void Print_matches_graphql_js(string value, string expected)
    {
        Assert.Equal(expected, BlockString.Print(value));
    }

    [Fact]
    public void Long_single_line_is_printed_on_its_own_line()
    {
        var value = new string('x', 71);
        Assert.Equal("\"\"\"\n" + value + "\n\"\"\"", BlockString.Print(value));
    }

    [Theory]
    [InlineData("simple", true)]
    [InlineData("\nleading newline", false)]
    [InlineData("trailing newline\n", false)]
    [InlineData("has\rcarriage return", false)]
    [InlineData("  indented\n  all lines", false)]
    [InlineData("control \u0001 char", false)]
    public void Printable_as_block_string(string value, bool expected)
    {
        Assert.Equal(expected, BlockString.IsPrintableAsBlockString(value));
    }
}
