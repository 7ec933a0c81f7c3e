using OpenData.GraphQL.Execution;

namespace OpenData.GraphQL.Tests.Execution;

public class ErrorTests : ExecutionTestBase
{
    [Fact]
    public async Task Unexpected_exceptions_are_hidden_and_located()
    {
        var json = await Json("{ hello\n  boom }");
        Assert.Equal("""{"errors":[{"message":"Unexpected error.","locations":[{"line":2,"column":3}],"path":["boom"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":{"hello":"world","boom":null}}""", json);
        Assert.DoesNotContain("secret", json);
    }

    [Fact]
    public async Task GraphQLException_message_and_code_reach_the_client()
    {
        var json = await Json("{ userError }");
        Assert.Equal("""{"errors":[{"message":"You cannot do that.","locations":[{"line":1,"column":3}],"path":["userError"],"extensions":{"code":"FORBIDDEN"}}],"data":{"userError":null}}""", json);
    }

    [Fact]
    public async Task Null_in_non_null_field_propagates_to_nearest_nullable_parent()
    {
        // emailNonNull is String! on Author; author(id:) is nullable, so the whole author becomes null.
        var json = await Json("{ author(id: 2) { name emailNonNull } hello }");
        Assert.Equal("""{"errors":[{"message":"Cannot return null for non-nullable field Author.emailNonNull.","locations":[{"line":1,"column":24}],"path":["author","emailNonNull"]}],"data":{"author":null,"hello":"world"}}""", json);
    }

    [Fact]
    public async Task Null_propagates_through_non_null_list_items_and_lists_up_to_data()
    {
        // authors is [Author!]! and the root field is non-null: the whole data becomes null.
        var json = await Json("{ hello authors { emailNonNull } }");
        Assert.StartsWith("""{"errors":[{"message":"Cannot return null for non-nullable field Author.emailNonNull.","locations":[{"line":1,"column":19}],"path":["authors",1,"emailNonNull"]}]""", json);
        Assert.EndsWith("""
            "data":null}
            """.Trim(), json);
        var result = await Execute("{ hello authors { emailNonNull } }");
        Assert.True(result.HasData);
        Assert.Null(result.Data);
    }

    [Fact]
    public async Task Non_null_root_field_error_nulls_data()
    {
        var json = await Json("{ hello boomNonNull }");
        Assert.Equal("""{"errors":[{"message":"Unexpected error.","locations":[{"line":1,"column":9}],"path":["boomNonNull"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}""", json);
    }

    [Fact]
    public async Task List_item_nulls()
    {
        Assert.Equal("""{"errors":[{"message":"Cannot return null for non-nullable field Query.numbers.","locations":[{"line":1,"column":3}],"path":["numbers",1]}],"data":{"numbers":null}}""", await Json("{ numbers }"));
        Assert.Equal("""{"data":{"nullableNumbers":[1,null,3]}}""", await Json("{ nullableNumbers }"));
    }

    [Fact]
    public async Task Serialization_errors_and_non_iterables()
    {
        Assert.Equal("""{"errors":[{"message":"Int cannot represent non-integer value: \"abc\"","locations":[{"line":1,"column":3}],"path":["badInt"]}],"data":{"badInt":null}}""", await Json("{ badInt }"));
        Assert.Equal("""{"errors":[{"message":"Expected Iterable, but did not find one for field \"Query.notAList\".","locations":[{"line":1,"column":3}],"path":["notAList"]}],"data":{"notAList":null}}""", await Json("{ notAList }"));
    }

    // The expected messages below were produced by graphql-js 16.15 executing the same documents and variables
    // against buildSchema(<the printed SDL of LibrarySchema>).
    [Fact]
    public async Task Variable_coercion_errors_are_request_errors_with_graphql_js_messages()
    {
        var result = await Execute("query ($id: ID!, $f: BookFilter, $n: [Int!]!) { author(id: $id) { name } books(filter: $f) { title } sum(values: $n) }",
            """{"f": {"genre": "POEM", "limitt": 2, "titles": ["a", null]}, "n": [1, "x"]}""");
        Assert.False(result.HasData);
        Assert.Equal(RequestErrorKind.BadRequest, result.RequestError);
        Assert.Equal(
        [
            "Variable \"$id\" of required type \"ID!\" was not provided.",
            "Variable \"$f\" got invalid value \"POEM\" at \"f.genre\"; Value \"POEM\" does not exist in \"Genre\" enum.",
            "Variable \"$f\" got invalid value null at \"f.titles[1]\"; Expected non-nullable type \"String!\" not to be null.",
            "Variable \"$f\" got invalid value { genre: \"POEM\", limitt: 2, titles: [\"a\", null] }; Field \"limitt\" is not defined by type \"BookFilter\". Did you mean \"limit\"?",
            "Variable \"$n\" got invalid value \"x\" at \"n[1]\"; Int cannot represent non-integer value: \"x\"",
        ], result.Errors!.Select(e => e.Message).ToArray());
        Assert.All(result.Errors!, e => Assert.Equal("BAD_USER_INPUT", e.Code));
        Assert.Equal(new SourceLocation(1, 8), result.Errors![0].Locations![0]);
    }

    [Fact]
    public async Task Null_for_non_null_variable_and_wrong_object_shape()
    {
        var result = await Execute("query ($g: Genre!, $f: BookFilter) { genre(g: $g) books(filter: $f) { title } }", """{"g": null, "f": 3}""");
        Assert.Equal(
        [
            "Variable \"$g\" of non-null type \"Genre!\" must not be null.",
            "Variable \"$f\" got invalid value 3; Expected type \"BookFilter\" to be an object.",
        ], result.Errors!.Select(e => e.Message));
    }

    [Fact]
    public async Task Operation_selection_rules()
    {
        const string doc = "query A { hello } query B { asyncHello }";
        Assert.Equal("""{"data":{"asyncHello":"async world"}}""", await Json(doc, operationName: "B"));
        var multiple = await Execute(doc);
        Assert.Equal("Must provide operation name if query contains multiple operations.", Assert.Single(multiple.Errors!).Message);
        var unknown = await Execute(doc, operationName: "C");
        Assert.Equal("Unknown operation named \"C\".", Assert.Single(unknown.Errors!).Message);
    }

    [Fact]
    public async Task Mutations_and_subscriptions_are_refused()
    {
        var result = await Execute("mutation { hello }");
        Assert.False(result.HasData);
        Assert.Equal(RequestErrorKind.UnsupportedOperation, result.RequestError);
        Assert.Equal("Schema is not configured to execute mutation operation.", result.Errors![0].Message);
        Assert.Equal("OPERATION_NOT_SUPPORTED", result.Errors![0].Code);
        var subscription = await Execute("subscription { hello }");
        Assert.Equal("Schema is not configured to execute subscription operation.", subscription.Errors![0].Message);
    }

    [Fact]
    public async Task Syntax_errors_are_request_errors_with_parse_code()
    {
        var result = await Execute("{ hello");
        Assert.False(result.HasData);
        Assert.Equal(RequestErrorKind.Parse, result.RequestError);
        Assert.Equal("""{"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.","locations":[{"line":1,"column":8}],"extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}""", result.ToJson());
    }

    [Fact]
    public async Task Missing_query_is_a_bad_request()
    {
        var result = await Library.Engine().ExecuteAsync(new GraphQLRequest());
        Assert.Equal(RequestErrorKind.BadRequest, result.RequestError);
        Assert.Equal("Must provide query string.", result.Errors![0].Message);
    }
}
