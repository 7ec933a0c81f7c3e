using System.Diagnostics;

namespace OpenData.Tests.OpenApi;

/// <summary>
/// Runs Redocly CLI (pinned in tests/openapi-lint/package.json and package-lock.json) on the committed
/// schema/openapi.v1.json with the rules in tests/openapi-lint/redocly.yaml. This test project's build installs it
/// once per clone (its InstallOpenApiLinter target runs <c>npm ci</c> in tests/openapi-lint), so the
/// <c>dotnet test OpenData.sln</c> that CI's .ci/run runs builds, installs and lints.
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task The_committed_openapi_document_passes_the_redocly_linter_without_errors()
    {
        var lintFolder = RepositoryFiles.InRepository("tests", "openapi-lint");
        var cli = Path.Combine(lintFolder, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli),
            $"Redocly CLI is not installed at {cli}. Install it with `npm ci --prefix tests/openapi-lint` (Node.js 20.19+ or 22.12+).");

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { cli, "lint", OpenApiSnapshotTests.SnapshotPath, "--config", Path.Combine(lintFolder, "redocly.yaml"), "--format", "stylish" },
            WorkingDirectory = lintFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Hermetic: no usage reports or update checks over the network.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
    }
}
