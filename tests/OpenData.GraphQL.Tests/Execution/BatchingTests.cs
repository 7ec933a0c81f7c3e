using OpenData.GraphQL.Execution;

namespace OpenData.GraphQL.Tests.Execution;

public class BatchingTests : ExecutionTestBase
{
    [Fact]
    public async Task N_parents_resolving_a_child_cause_one_batch_per_level()
    {
        var json = await Json("{ books { title author { name books { title author { name } } } } }");
        Assert.Contains("\"title\":\"Engines\",\"author\":{\"name\":\"Ada\",\"books\":[{\"title\":\"Engines\",\"author\":{\"name\":\"Ada\"}},{\"title\":\"Notes\"", json);
        // Level 2: the 4 books' authors in one batch; level 4: the authors of their books are cached already.
        Assert.Equal(1, Library.AuthorBatchCalls);
        // Level 3: the books of the 3 distinct authors in one batch.
        var batch = Assert.Single(Library.BookBatches);
        Assert.Equal([1, 2, 3], batch.Order());
    }

    [Fact]
    public async Task Each_request_gets_its_own_loaders()
    {
        var engine = Library.Engine();
        await engine.ExecuteAsync(new GraphQLRequest { Query = "{ books { author { name } } }" });
        await engine.ExecuteAsync(new GraphQLRequest { Query = "{ books { author { name } } }" });
        Assert.Equal(2, Library.AuthorBatchCalls);
    }

    [Fact]
    public async Task Batch_loader_outside_executor_dispatches_on_demand()
    {
        var items = new Dictionary<object, object?>();
        var context = DataLoaderContext.From(items);
        int calls = 0;
        var loader = new BatchLoader<int, string>((keys, _) =>
        {
            calls++;
            return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.ToDictionary(k => k, k => "v" + k));
        }, context);
        var a = loader.LoadAsync(1);
        var b = loader.LoadAsync(2);
        var again = loader.LoadAsync(1);
        Assert.True(context.HasPending);
        context.DispatchAll();
        Assert.Equal(new string?[] { "v1", "v2", "v1" }, await Task.WhenAll(a, b, again));
        Assert.Equal(1, calls);
        Assert.Equal("v1", await loader.LoadAsync(1));
        Assert.False(context.HasPending);
    }
}
