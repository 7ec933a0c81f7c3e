using System.Text.Json;
using System.Text.Json.Nodes;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Validation;

namespace OpenData.GraphQL.Tests.Validation;

/// <summary>
/// Every corpus document (corpus/documents) is validated with all rules and compared with what graphql-js 16
/// reported for it (corpus/expected.json, recorded by corpus/check-with-graphql-js.mjs --write): the same
/// valid/invalid verdict, the same messages in the same order, the same locations.
/// Set GRAPHQL_CORPUS_OURS to a file path to also write our results there, for
/// <c>node check-with-graphql-js.mjs --compare that-file</c>.
/// </summary>
public class ValidationCorpusTests
{
    private static readonly JsonObject Expected =
        JsonNode.Parse(File.ReadAllText(Path.Combine(ValidationTestSupport.CorpusDirectory, "expected.json")))!["results"]!.AsObject();

    private static List<string> DocumentFiles()
        => Directory.GetFiles(Path.Combine(ValidationTestSupport.CorpusDirectory, "documents"), "*.graphql")
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> Documents() => new(DocumentFiles());

    private static List<(string Message, string Locations)> Ours(string file)
    {
        var source = File.ReadAllText(Path.Combine(ValidationTestSupport.CorpusDirectory, "documents", file));
        return DocumentValidator.Validate(ValidationTestSupport.Schema, Parser.Parse(source))
            .Select(e => (e.Message, string.Join(" ", (e.Locations ?? []).Select(l => $"{l.Line}:{l.Column}"))))
            .ToList();
    }

    private static List<(string Message, string Locations)> GraphQLJs(string file)
        => Expected[file]!.AsArray()
            .Select(e => (e!["message"]!.GetValue<string>(),
                string.Join(" ", e["locations"]!.AsArray().Select(l => $"{l!["line"]}:{l["column"]}"))))
            .ToList();

    [Theory]
    [MemberData(nameof(Documents))]
    public void Corpus_document_gets_the_same_verdict_errors_and_locations_as_graphql_js(string file)
    {
        var expected = GraphQLJs(file);
        var actual = Ours(file);
        Assert.Equal(expected.Count == 0, actual.Count == 0);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Corpus_has_valid_and_invalid_documents_for_graphql_js_to_agree_with()
    {
        var files = DocumentFiles();
        Assert.True(files.Count >= 60);
        Assert.Equal(files.Order(StringComparer.Ordinal), Expected.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains(files, f => GraphQLJs(f).Count == 0);
        Assert.Contains(files, f => GraphQLJs(f).Count > 0);

        // Optional export for check-with-graphql-js.mjs --compare.
        if (Environment.GetEnvironmentVariable("GRAPHQL_CORPUS_OURS") is { Length: > 0 } path)
        {
            var results = new JsonObject();
            foreach (var file in files)
            {
                var source = File.ReadAllText(Path.Combine(ValidationTestSupport.CorpusDirectory, "documents", file));
                var errors = DocumentValidator.Validate(ValidationTestSupport.Schema, Parser.Parse(source));
                results[file] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
                {
                    ["message"] = e.Message,
                    ["locations"] = new JsonArray((e.Locations ?? []).Select(l => (JsonNode)new JsonObject { ["line"] = l.Line, ["column"] = l.Column }).ToArray()),
                }).ToArray());
            }
            File.WriteAllText(path, new JsonObject { ["results"] = results }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
