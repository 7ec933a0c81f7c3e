using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Store;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// No N+1: the references of a list of rows (each target's area and source) are fetched in one batch per
/// relation, not one query per row. SQL commands are counted with an EF Core command interceptor.
/// </summary>
public sealed class BatchingTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Listing_targets_with_their_area_and_source_runs_one_query_per_table_not_one_per_row()
    {
        var commands = new CommandLog();
        using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<OpenDataDbContext>(options => options.AddInterceptors(commands))));
        var client = counted.CreateClient();

        commands.Clear();
        var data = await DataAsync(client, "{ targets(first: 50) { nodes { key area { name } source { title } } } }");

        var targets = data["targets"]!["nodes"]!.AsArray();
        Assert.True(targets.Count >= 30, $"Expected the seed data's targets, got {targets.Count}.");
        Assert.All(targets, t => Assert.NotNull(t!["area"]!["name"]));
        // One page of targets, one batch of areas, one batch of sources (an N+1 would be 1 + 2 x rows).
        Assert.True(commands.Count == 3, $"{commands.Count} SQL commands:\n{string.Join("\n---\n", commands.Texts)}");
    }

    [Fact]
    public async Task The_same_row_referenced_from_many_places_in_one_request_is_fetched_once()
    {
        var commands = new CommandLog();
        using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<OpenDataDbContext>(options => options.AddInterceptors(commands))));
        var client = counted.CreateClient();

        commands.Clear();
        await DataAsync(client, """
            { a: area(code: "E09000020") { name } b: area(code: "E05009388") { name parent { name } } c: targets(first: 5) { nodes { area { name } } } }
            """);

        // area a and b in one batch, the targets page, then one batch for b's parent and the targets' areas (the borough,
        // already loaded: cached), at most.
        Assert.True(commands.Count is >= 2 and <= 3, $"{commands.Count} SQL commands:\n{string.Join("\n---\n", commands.Texts)}");
    }

    /// <summary>Counts the SQL commands the app sends.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public int Count => _texts.Count;
        public IEnumerable<string> Texts => _texts;

        public void Clear() => _texts.Clear();

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _texts.Enqueue(command.CommandText);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
