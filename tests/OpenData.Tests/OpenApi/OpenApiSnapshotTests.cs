using System.Globalization;
using OpenData.Api.Http;

namespace OpenData.Tests.OpenApi;

/// <summary>
/// schema/openapi.v1.json is the committed contract: a change to routes, parameters or DTOs shows up as a diff of
/// that file. Regenerate it after an intended change with
/// <c>UPDATE_SNAPSHOTS=1 dotnet test tests/OpenData.Tests --filter FullyQualifiedName~OpenApi</c>.
/// The document states the deployment's limits, so the snapshot is that of an app with the default options.
/// </summary>
public sealed class OpenApiSnapshotTests(OpenApiSnapshotTests.DefaultOptionsApp app) : IClassFixture<OpenApiSnapshotTests.DefaultOptionsApp>
{
    /// <summary>The test app with the one option <see cref="TestApp"/> changes for every test set back to its default.</summary>
    public sealed class DefaultOptionsApp() : TestApp(new Dictionary<string, string?>
    {
        ["RateLimit:PermitLimit"] = new RateLimitOptions().PermitLimit.ToString(CultureInfo.InvariantCulture),
    });

    public static string SnapshotPath => RepositoryFiles.InRepository("schema", "openapi.v1.json");

    [Fact]
    public async Task The_served_openapi_document_matches_the_committed_snapshot()
    {
        var served = (await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).ReplaceLineEndings("\n").TrimEnd() + "\n";

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, served);
            return;
        }

        var committed = File.Exists(SnapshotPath) ? (await File.ReadAllTextAsync(SnapshotPath)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == served,
            $"The OpenAPI document served at /swagger/v1/swagger.json differs from {SnapshotPath}. " +
            "If the change is intended, regenerate the snapshot with " +
            "`UPDATE_SNAPSHOTS=1 dotnet test tests/OpenData.Tests --filter FullyQualifiedName~OpenApi` and commit it. " +
            $"First difference: {FirstDifference(committed, served)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "(end of file)";
            var a = i < actualLines.Length ? actualLines[i] : "(end of file)";
            if (e != a) return $"line {i + 1}: committed `{e.Trim()}`, served `{a.Trim()}`";
        }
        return "none";
    }
}
