using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The app on a loopback port (real Kestrel, the real store), for the node scripts of tests/graphql-conformance.
/// Their node_modules are installed by an MSBuild target of this project (npm ci) before it builds; nothing is
/// installed while the tests run.
/// </summary>
public sealed class KestrelApp : IDisposable
{
    private readonly TestApp _app = new();

    public KestrelApp()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        GraphQLUrl = address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/graphql";
    }

    public string GraphQLUrl { get; }

    public void Dispose() => _app.Dispose();
}

/// <summary>
/// Our /graphql checked against the reference implementation, graphql-js 16, and the GraphQL-over-HTTP audits of
/// graphql-http, by the scripts in tests/graphql-conformance (each prints what it checked and exits 0 on success).
/// </summary>
public sealed class ConformanceTests(KestrelApp server, ITestOutputHelper output) : IClassFixture<KestrelApp>
{
    private static readonly string Folder = RepositoryFiles.InRepository("tests", "graphql-conformance");

    [Fact]
    public Task The_graphql_http_server_audits_pass_with_no_must_failures_and_no_should_warnings() => RunAsync("audits.mjs");

    [Fact]
    public Task Graphql_js_prints_the_schema_built_from_our_introspection_exactly_as_the_committed_sdl() => RunAsync("sdl.mjs");

    [Fact]
    public Task Graphql_js_and_the_server_agree_on_which_documents_of_the_corpus_are_valid() => RunAsync("validation.mjs");

    [Fact]
    public Task Graphql_js_executing_the_schema_over_the_same_records_returns_the_same_data() => RunAsync("execution.mjs");

    private async Task RunAsync(string script)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "graphql-http")),
            $"{Folder}/node_modules is missing: build tests/OpenData.Tests (its MSBuild target runs npm ci) or run `npm ci --prefix tests/graphql-conformance`.");
        var start = new ProcessStartInfo("node", [script, server.GraphQLUrl])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within 3 minutes.");
        }
        var text = (await stdout) + (await stderr);
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}:\n{text}");
    }
}
