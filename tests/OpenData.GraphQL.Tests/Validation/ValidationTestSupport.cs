using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;
using OpenData.GraphQL.Validation;

namespace OpenData.GraphQL.Tests.Validation;

/// <summary>
/// The pets schema of the validation tests (corpus/schema.graphql: the GraphQL specification's section 5
/// example plus argument types, a OneOf input and test directives) and assertion helpers.
/// </summary>
public static class ValidationTestSupport
{
    /// <summary>Folder of the corpus in the test output.</summary>
    public static string CorpusDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Validation", "corpus");

    /// <summary>The pets schema.</summary>
    public static GraphQLSchema Schema { get; } = SchemaBuilder.FromSdl(File.ReadAllText(Path.Combine(CorpusDirectory, "schema.graphql")));

    private static readonly Lock DumpLock = new();

    /// <summary>
    /// Validates with one rule (or all specified rules when <paramref name="rule"/> is null).
    /// When GRAPHQL_VALIDATION_DUMP names a file, each validation against the pets schema is appended to it as a
    /// JSON line (rule, document, errors) so that the expectations can be checked against graphql-js
    /// (corpus/check-rule-tests-with-graphql-js.mjs).
    /// </summary>
    public static IReadOnlyList<GraphQLError> Validate(string document, IValidationRule? rule = null, GraphQLSchema? schema = null)
    {
        var errors = DocumentValidator.Validate(schema ?? Schema, Parser.Parse(document), rule is null ? null : [rule]);
        if (schema is null && Environment.GetEnvironmentVariable("GRAPHQL_VALIDATION_DUMP") is { Length: > 0 } dump)
        {
            var line = System.Text.Json.JsonSerializer.Serialize(new
            {
                rule = rule?.GetType().Name ?? "all",
                document,
                errors = errors.Select(Format).ToArray(),
            });
            lock (DumpLock) File.AppendAllText(dump, line + "\n");
        }
        return errors;
    }

    /// <summary>Asserts that the document passes the rule.</summary>
    public static void AssertValid(IValidationRule rule, string document, GraphQLSchema? schema = null)
        => Assert.Empty(Validate(document, rule, schema).Select(Format));

    /// <summary>
    /// Asserts the rule's errors, each written as <c>message @ line:column, line:column</c>.
    /// </summary>
    public static void AssertErrors(IValidationRule rule, string document, params string[] expected)
        => Assert.Equal(expected, Validate(document, rule).Select(Format));

    /// <summary>Formats an error as <c>message @ line:column, line:column</c>.</summary>
    public static string Format(GraphQLError error)
        => error.Locations is null ? error.Message : error.Message + " @ " + string.Join(", ", error.Locations.Select(l => $"{l.Line}:{l.Column}"));
}
