using OpenData.GraphQL.Execution;

namespace OpenData.GraphQL.Tests.Execution;

public class ExecutorTests : ExecutionTestBase
{
    [Fact]
    public async Task Executes_fields_in_selection_order_with_aliases_and_fragments()
    {
        var json = await Json("""
            query {
              b: hello
              authors(first: 2) { ...AuthorParts id }
              a: hello
              author(id: 2) { ... on Author { name } email }
            }
            fragment AuthorParts on Author { name }
            """);
        Assert.Equal("""{"data":{"b":"world","authors":[{"name":"Ada","id":"1"},{"name":"Brian","id":"2"},{"name":"Carla","id":"3"}],"a":"world","author":{"name":"Brian","email":null}}}""", json);
    }

    [Fact]
    public async Task Same_response_name_selected_twice_is_merged()
    {
        var json = await Json("{ author(id: 1) { name } author(id: 1) { email name } }");
        Assert.Equal("""{"data":{"author":{"name":"Ada","email":"ada@example.com"}}}""", json);
    }

    [Fact]
    public async Task Skip_and_include_with_literals_and_variables()
    {
        var json = await Json("""
            query ($yes: Boolean!, $no: Boolean!) {
              a: hello @skip(if: $yes)
              b: hello @include(if: $yes)
              c: hello @include(if: $no)
              d: hello @skip(if: false) @include(if: true)
              ... @skip(if: true) { e: hello }
              ...F @include(if: $yes)
            }
            fragment F on Query { f: hello }
            """, """{"yes": true, "no": false}""");
        Assert.Equal("""{"data":{"b":"world","d":"world","f":"world"}}""", json);
    }

    [Fact]
    public async Task Async_resolvers_and_typename()
    {
        var json = await Json("{ __typename asyncHello books(filter: {genre: POETRY}) { __typename title genre } }");
        Assert.Equal("""{"data":{"__typename":"Query","asyncHello":"async world","books":[{"__typename":"Book","title":"Poems","genre":"POETRY"}]}}""", json);
    }

    [Fact]
    public async Task Argument_defaults_and_input_object_defaults_are_applied()
    {
        var json = await Json("{ books(filter: {maxPrice: 8}) { title priceWithTax } withRate: books(filter: {titles: [\"C\"]}) { priceWithTax(rate: 0.5) } }");
        Assert.Equal("""{"data":{"books":[{"title":"Notes","priceWithTax":8.4},{"title":"Poems","priceWithTax":6.3}],"withRate":[{"priceWithTax":45}]}}""", json);
    }

    [Fact]
    public async Task Omitted_argument_is_absent_but_explicit_null_is_present()
    {
        Assert.Equal("""{"data":{"a":"absent","b":"null","c":"\"x\""}}""", await Json("{ a: echo b: echo(value: null) c: echo(value: \"x\") }"));
        Assert.Equal("""{"data":{"a":"absent","b":"null"}}""", await Json("query ($v: String, $w: String) { a: echo(value: $v) b: echo(value: $w) }", """{"w": null}"""));
    }

    [Fact]
    public async Task List_argument_accepts_a_single_value()
    {
        Assert.Equal("""{"data":{"a":6,"b":4}}""", await Json("query ($v: [Int!]!) { a: sum(values: [1, 2, 3]) b: sum(values: $v) }", """{"v": 4}"""));
    }

    [Fact]
    public async Task Enum_values_serialize_and_parse_by_name()
    {
        Assert.Equal("""{"data":{"a":"HISTORY","b":"SCIENCE"}}""", await Json("query ($g: Genre!) { a: genre(g: HISTORY) b: genre(g: $g) }", """{"g": "SCIENCE"}"""));
    }

    [Fact]
    public async Task Interfaces_resolve_with_resolve_type_and_unions_with_is_type_of()
    {
        var json = await Json("{ named { name ... on Author { id } } media { __typename ... on Film { title minutes } ... on Song { title artist } } }");
        Assert.Equal("""{"data":{"named":[{"name":"Ada","id":"1"},{"name":"Brian","id":"2"},{"name":"Carla","id":"3"}],"media":[{"__typename":"Film","title":"Up","minutes":96},{"__typename":"Song","title":"Yesterday","artist":"Beatles"}]}}""", json);
    }
}
