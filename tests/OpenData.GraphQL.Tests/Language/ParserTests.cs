using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Tests.Language;

public class ParserTests
{
    [Fact]
    public void Parses_shorthand_query_with_aliases_arguments_and_directives()
    {
        var doc = Parser.Parse("{ smallPic: profilePic(size: 64, tags: [\"a\", $t], filter: {x: 1.5, y: null, e: RED, b: true}) @include(if: $flag) }");
        var op = Assert.IsType<OperationDefinitionNode>(Assert.Single(doc.Definitions));
        Assert.Equal(OperationType.Query, op.Operation);
        Assert.Null(op.Name);
        var field = Assert.IsType<FieldNode>(Assert.Single(op.SelectionSet.Selections));
        Assert.Equal("smallPic", field.Alias!.Value);
        Assert.Equal("profilePic", field.Name.Value);
        Assert.Equal("smallPic", field.ResponseName);
        Assert.Equal(["size", "tags", "filter"], field.Arguments.Select(a => a.Name.Value));
        Assert.Equal("64", Assert.IsType<IntValueNode>(field.Arguments[0].Value).Value);
        var list = Assert.IsType<ListValueNode>(field.Arguments[1].Value);
        Assert.IsType<StringValueNode>(list.Values[0]);
        Assert.Equal("t", Assert.IsType<VariableNode>(list.Values[1]).Name.Value);
        var obj = Assert.IsType<ObjectValueNode>(field.Arguments[2].Value);
        Assert.IsType<FloatValueNode>(obj.Fields[0].Value);
        Assert.IsType<NullValueNode>(obj.Fields[1].Value);
        Assert.Equal("RED", Assert.IsType<EnumValueNode>(obj.Fields[2].Value).Value);
        Assert.True(Assert.IsType<BooleanValueNode>(obj.Fields[3].Value).Value);
        Assert.Equal("include", Assert.Single(field.Directives).Name.Value);
        Assert.Null(field.SelectionSet);
    }

    [Fact]
    public void Parses_named_operation_with_variables_and_fragments()
    {
        var doc = Parser.Parse("""
            query Q($id: ID!, $n: [Int!] = [1, 2] @dir) @op {
              node(id: $id) { ...F ... on User { name } ... @skip(if: true) { id } }
            }
            fragment F on Node @frag { id }
            """);
        var op = Assert.IsType<OperationDefinitionNode>(doc.Definitions[0]);
        Assert.Equal("Q", op.Name!.Value);
        Assert.Equal(2, op.VariableDefinitions.Count);
        Assert.Equal("ID!", Printer.Print(op.VariableDefinitions[0].Type));
        Assert.IsType<NonNullTypeNode>(op.VariableDefinitions[0].Type);
        Assert.Equal("[Int!]", Printer.Print(op.VariableDefinitions[1].Type));
        Assert.Equal("[1, 2]", Printer.Print(op.VariableDefinitions[1].DefaultValue!));
        Assert.Equal("dir", op.VariableDefinitions[1].Directives[0].Name.Value);
        var node = (FieldNode)op.SelectionSet.Selections[0];
        var selections = node.SelectionSet!.Selections;
        Assert.Equal("F", Assert.IsType<FragmentSpreadNode>(selections[0]).Name.Value);
        Assert.Equal("User", Assert.IsType<InlineFragmentNode>(selections[1]).TypeCondition!.Name.Value);
        var untyped = Assert.IsType<InlineFragmentNode>(selections[2]);
        Assert.Null(untyped.TypeCondition);
        Assert.Equal("skip", untyped.Directives[0].Name.Value);
        var fragment = Assert.IsType<FragmentDefinitionNode>(doc.Definitions[1]);
        Assert.Equal("F", fragment.Name.Value);
        Assert.Equal("Node", fragment.TypeCondition.Name.Value);
    }

    [Fact]
    public void Every_node_has_a_location_with_line_and_column()
    {
        var doc = Parser.Parse("query Q {\n  a(x: 1) {\n    b\n  }\n}");
        var op = (OperationDefinitionNode)doc.Definitions[0];
        Assert.Equal(new Location(0, 33, 1, 1), op.Location);
        var a = (FieldNode)op.SelectionSet.Selections[0];
        Assert.Equal((2, 3), (a.Location.Line, a.Location.Column));
        Assert.Equal("a(x: 1) {\n    b\n  }", "query Q {\n  a(x: 1) {\n    b\n  }\n}"[a.Location.Start..a.Location.End]);
        Assert.Equal((2, 5), (a.Arguments[0].Location.Line, a.Arguments[0].Location.Column));
        Assert.Equal((2, 8), (a.Arguments[0].Value.Location.Line, a.Arguments[0].Value.Location.Column));
        var b = (FieldNode)a.SelectionSet!.Selections[0];
        Assert.Equal((3, 5), (b.Location.Line, b.Location.Column));
    }

    [Fact]
    public void Descriptions_on_operations_fragments_and_variables_are_accepted()
    {
        var doc = Parser.Parse("\"op\" query Q(\"var\" $a: Int) { a } \"\"\"frag\"\"\" fragment F on T { a }");
        var op = (OperationDefinitionNode)doc.Definitions[0];
        Assert.Equal("op", op.Description!.Value);
        Assert.Equal("var", op.VariableDefinitions[0].Description!.Value);
        Assert.Equal("frag", ((FragmentDefinitionNode)doc.Definitions[1]).Description!.Value);
    }

    [Fact]
    public void Keywords_are_valid_names()
    {
        var doc = Parser.Parse("query query { on fragment query mutation subscription true false null type(on: on) }");
        var op = (OperationDefinitionNode)doc.Definitions[0];
        Assert.Equal("query", op.Name!.Value);
        Assert.Equal(9, op.SelectionSet.Selections.Count);
    }

    [Fact]
    public void Parses_type_system_definitions()
    {
        var doc = Parser.Parse("""
            "schema desc" schema @a { query: Q mutation: M }
            "scalar" scalar Date @specifiedBy(url: "https://example.com")
            type Q implements & I & J @x { "field" f(a: Int = 1 @d, "b" b: [String!]!): String @deprecated(reason: "no") }
            interface I implements J { f: String }
            union U @u = | A | B
            enum E { A @deprecated B }
            input In @oneOf { a: Int = 3, b: String }
            directive @d(a: Int) repeatable on FIELD | QUERY
            extend type Q { g: Int }
            extend schema @a
            """);
        Assert.Equal(10, doc.Definitions.Count);
        var type = Assert.IsType<ObjectTypeDefinitionNode>(doc.Definitions[2]);
        Assert.Equal(["I", "J"], type.Interfaces.Select(i => i.Name.Value));
        Assert.Equal("field", type.Fields[0].Description!.Value);
        Assert.Equal(2, type.Fields[0].Arguments.Count);
        var union = Assert.IsType<UnionTypeDefinitionNode>(doc.Definitions[4]);
        Assert.Equal(["A", "B"], union.Types.Select(t => t.Name.Value));
        var directive = Assert.IsType<DirectiveDefinitionNode>(doc.Definitions[7]);
        Assert.True(directive.Repeatable);
        Assert.Equal(["FIELD", "QUERY"], directive.Locations.Select(l => l.Value));
        Assert.True(Assert.IsType<ObjectTypeExtensionNode>(doc.Definitions[8]).IsExtension);
        Assert.IsType<SchemaExtensionNode>(doc.Definitions[9]);
    }

    [Fact]
    public void ParseValue_and_ParseType()
    {
        Assert.Equal("{a: [1, 2.5, \"x\"], b: $v}", Printer.Print(Parser.ParseValue("{a: [1 2.5 \"x\"] b: $v}")));
        Assert.Throws<GraphQLSyntaxException>(() => Parser.ParseValue("$v", isConst: true));
        Assert.Equal("[[Int!]]!", Printer.Print(Parser.ParseType("[[Int!]]!")));
    }

    // Expected outputs from graphql-js print(parse(source)).
    [Theory]
    [InlineData("{a}", "{\n  a\n}")]
    [InlineData("query { a }", "{\n  a\n}")]
    [InlineData("query Q($a: Int = 1, $b: [String!]!) @d { x: a(b: $a, c: \"s\\n\") @skip(if: false) { ...F ... on T { c } } }",
        "query Q($a: Int = 1, $b: [String!]!) @d {\n  x: a(b: $a, c: \"s\\n\") @skip(if: false) {\n    ...F\n    ... on T {\n      c\n    }\n  }\n}")]
    [InlineData("fragment F on T @d { a }", "fragment F on T @d {\n  a\n}")]
    [InlineData("{ a(o: {x: [1, 2], y: ENUM, z: null}) }", "{\n  a(o: {x: [1, 2], y: ENUM, z: null})\n}")]
    public void Printer_output_matches_graphql_js(string source, string expected)
    {
        Assert.Equal(expected, Printer.Print(Parser.Parse(source)));
    }
}
