using OpenData.Api.GraphQL;
using OpenData.GraphQL.Types;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// schema/schema.graphql is the committed contract of the GraphQL API. The schema the server builds must print to
/// exactly that text, so every change to the public schema is a visible diff. After an intended change, regenerate
/// it with <c>UPDATE_SNAPSHOTS=1 dotnet test tests/OpenData.Tests --filter FullyQualifiedName~SchemaSnapshot</c>.
/// </summary>
public sealed class SchemaSnapshotTests
{
    private static string SnapshotPath => RepositoryFiles.InRepository("schema", "schema.graphql");

    [Fact]
    public void The_served_schema_prints_exactly_as_the_committed_schema_file()
    {
        var printed = SchemaPrinter.Print(GraphQLSchemaFactory.Create()) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(SnapshotPath, printed);
        }
        var committed = File.ReadAllText(SnapshotPath).ReplaceLineEndings("\n");
        Assert.True(committed == printed, FirstDifference(committed, printed));
    }

    [Fact]
    public void Every_type_field_and_argument_of_the_schema_has_a_description()
    {
        var schema = GraphQLSchemaFactory.Create();
        var missing = new List<string>();
        foreach (var type in schema.Types.Values)
        {
            if (type.Name.StartsWith("__", StringComparison.Ordinal) || type is ScalarType { IsSpecified: true }) continue;
            if (string.IsNullOrWhiteSpace(type.Description)) missing.Add(type.Name);
            if (type is ComplexType complex)
            {
                foreach (var field in complex.FieldList)
                {
                    if (string.IsNullOrWhiteSpace(field.Description)) missing.Add($"{type.Name}.{field.Name}");
                    missing.AddRange(field.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{type.Name}.{field.Name}({a.Name})"));
                }
            }
            if (type is InputObjectType input)
            {
                missing.AddRange(input.FieldList.Where(f => string.IsNullOrWhiteSpace(f.Description)).Select(f => $"{type.Name}.{f.Name}"));
            }
            if (type is EnumType enumType)
            {
                missing.AddRange(enumType.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
            }
        }
        Assert.Empty(missing);
    }

    private static string FirstDifference(string committed, string printed)
    {
        var a = committed.Split('\n');
        var b = printed.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of schema>";
            if (left != right)
            {
                return $"schema/schema.graphql differs from the served schema at line {i + 1}:\n  file:   {left}\n  served: {right}\n" +
                       "If the change is intended, run UPDATE_SNAPSHOTS=1 dotnet test tests/OpenData.Tests --filter FullyQualifiedName~SchemaSnapshot";
            }
        }
        return "";
    }
}
