using OpenData.GraphQL.Tests.Execution;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Types;

public class SchemaPrinterTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void Printed_sdl_equals_graphql_js_printSchema_of_the_same_sdl()
    {
        var schema = SchemaBuilder.FromSdl(Fixture("rich-schema.graphql"));
        Assert.Equal(Fixture("rich-schema.printed.graphql"), SchemaPrinter.Print(schema));
    }

    [Fact]
    public void Printed_sdl_of_a_code_first_schema_equals_graphql_js_printSchema_of_its_introspection()
    {
        Assert.Equal(Fixture("library-schema.printed.graphql"), SchemaPrinter.Print(new LibrarySchema().Schema));
    }

    [Fact]
    public void Schema_block_is_printed_only_for_descriptions_or_uncommon_root_names()
    {
        var query = new ObjectType("Query").Field("a", ScalarType.Int);
        Assert.Equal("type Query {\n  a: Int\n}", SchemaPrinter.Print(new GraphQLSchema(query)));
        var root = new ObjectType("Root").Field("a", ScalarType.Int);
        Assert.Equal("schema {\n  query: Root\n}\n\ntype Root {\n  a: Int\n}", SchemaPrinter.Print(new GraphQLSchema(root)));
    }

    [Fact]
    public void Descriptions_become_block_strings_or_quoted_strings()
    {
        var query = new ObjectType("Query", "Line one\nline two")
            .Field("a", ScalarType.Int, description: "ends with newline\n")
            .Field("b", ScalarType.Int, description: "short");
        Assert.Equal("\"\"\"\nLine one\nline two\n\"\"\"\ntype Query {\n  \"ends with newline\\n\"\n  a: Int\n\n  \"\"\"short\"\"\"\n  b: Int\n}",
            SchemaPrinter.Print(new GraphQLSchema(query)));
    }
}
