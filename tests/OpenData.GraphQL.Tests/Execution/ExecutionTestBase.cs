using System.Text.Json;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Execution;

public sealed record Author(int Id, string Name, string? Email);

public sealed record Book(int Id, string Title, int AuthorId, double Price, string Genre);

public abstract record Media(string Title);
public sealed record Film(string Title, int Minutes) : Media(Title);
public sealed record Song(string Title, string Artist) : Media(Title);

/// <summary>A small library schema with resolvers of every flavour, used by the execution tests.</summary>
public sealed class LibrarySchema
{
    public static readonly Author[] Authors =
    [
        new(1, "Ada", "ada@example.com"),
        new(2, "Brian", null),
        new(3, "Carla", "carla@example.com"),
    ];

    public static readonly Book[] Books =
    [
        new(10, "Engines", 1, 12.5, "SCIENCE"),
        new(11, "Notes", 1, 7, "HISTORY"),
        new(12, "C", 2, 30, "SCIENCE"),
        new(13, "Poems", 3, 5.25, "POETRY"),
    ];

    public int AuthorBatchCalls;
    public List<IReadOnlyList<int>> BookBatches { get; } = [];

    public GraphQLSchema Schema { get; }

    public LibrarySchema()
    {
        var genre = new EnumType("Genre", "Kinds of books").Value("SCIENCE").Value("HISTORY").Value("POETRY", deprecationReason: "Nobody reads it");

        var named = new InterfaceType("Named", "Something with a name").Field("name", ScalarType.String.NonNull());

        var book = new ObjectType("Book", "A book");
        var author = new ObjectType("Author", "Somebody who writes").Implements(named);

        author.Field("id", ScalarType.ID.NonNull())
              .Field("name", ScalarType.String.NonNull())
              .Field("email", ScalarType.String)
              .Field("emailNonNull", ScalarType.String.NonNull(), ctx => ((Author)ctx.Source!).Email)
              .Field("books", book.NonNull().ListOf().NonNull(), async ctx =>
              {
                  var loader = ctx.BatchLoader<int, IReadOnlyList<Book>>("booksByAuthor", (ids, ct) =>
                  {
                      lock (BookBatches) BookBatches.Add(ids);
                      IReadOnlyDictionary<int, IReadOnlyList<Book>> result = ids.ToDictionary(id => id, id => (IReadOnlyList<Book>)Books.Where(b => b.AuthorId == id).ToList());
                      return Task.FromResult(result);
                  });
                  return await loader.LoadAsync(((Author)ctx.Source!).Id);
              }, configure: f => f.Argument("first", ScalarType.Int));

        book.Field("id", ScalarType.ID.NonNull())
            .Field("title", ScalarType.String.NonNull())
            .Field("price", ScalarType.Float)
            .Field("genre", genre)
            .Field("author", author, async ctx =>
            {
                var loader = ctx.BatchLoader<int, Author>("authorById", async (ids, ct) =>
                {
                    Interlocked.Increment(ref AuthorBatchCalls);
                    await Task.Delay(1, ct);
                    return Authors.Where(a => ids.Contains(a.Id)).ToDictionary(a => a.Id);
                });
                return await loader.LoadAsync(((Book)ctx.Source!).AuthorId);
            })
            .Field("priceWithTax", ScalarType.Float, ctx => ((Book)ctx.Source!).Price * (1 + ctx.GetArgument<double>("rate")),
                configure: f => f.Argument("rate", ScalarType.Float, 0.2, "Tax rate"));

        var film = new ObjectType("Film").Field("title", ScalarType.String.NonNull()).Field("minutes", ScalarType.Int);
        film.IsTypeOf = o => o is Film;
        var song = new ObjectType("Song").Field("title", ScalarType.String.NonNull()).Field("artist", ScalarType.String);
        song.IsTypeOf = o => o is Song;
        var media = new UnionType("Media", "Films or songs", film, song);

        var filter = new InputObjectType("BookFilter", "Which books")
            .Field("genre", genre)
            .Field("maxPrice", ScalarType.Float)
            .Field("titles", ScalarType.String.NonNull().ListOf())
            .Field("limit", ScalarType.Int, 10, "How many");

        var query = new ObjectType("Query", "The root");
        query.Field("hello", ScalarType.String, _ => "world")
             .Field("echo", ScalarType.String, ctx => ctx.Arguments.TryGetValue("value", out var v) ? JsonSerializer.Serialize(v) : "absent",
                 configure: f => f.Argument("value", ScalarType.String))
             .Field("authors", author.NonNull().ListOf().NonNull(), _ => Authors, configure: f => f.Argument("first", ScalarType.Int))
             .Field("author", author, ctx => Authors.FirstOrDefault(a => a.Id.ToString() == (string)ctx.Arguments["id"]!),
                 configure: f => f.Argument("id", ScalarType.ID.NonNull()))
             .Field("books", book.ListOf(), ctx =>
             {
                 IEnumerable<Book> result = Books;
                 if (ctx.Arguments.TryGetValue("filter", out var f) && f is IReadOnlyDictionary<string, object?> filterValue)
                 {
                     if (filterValue.GetValueOrDefault("genre") is string g) result = result.Where(b => b.Genre == g);
                     if (filterValue.GetValueOrDefault("maxPrice") is double max) result = result.Where(b => b.Price <= max);
                     if (filterValue.GetValueOrDefault("titles") is IReadOnlyList<object?> titles) result = result.Where(b => titles.Contains(b.Title));
                     result = result.Take((int)filterValue["limit"]!);
                 }
                 return result.ToList();
             }, configure: f => f.Argument("filter", filter))
             .Field("named", named.ListOf(), _ => Authors)
             .Field("media", media.ListOf(), _ => new Media[] { new Film("Up", 96), new Song("Yesterday", "Beatles") })
             .Field("boom", ScalarType.String, _ => Throw(new InvalidOperationException("secret connection string")))
             .Field("userError", ScalarType.String, _ => Throw(new GraphQLException("You cannot do that.", "FORBIDDEN")))
             .Field("boomNonNull", ScalarType.String.NonNull(), _ => Throw(new InvalidOperationException("x")))
             .Field("slow", ScalarType.String, async ctx =>
             {
                 await Task.Delay(TimeSpan.FromSeconds(10), ctx.CancellationToken);
                 return "done";
             })
             .Field("asyncHello", ScalarType.String, async ctx =>
             {
                 await Task.Yield();
                 return "async world";
             })
             .Field("numbers", ScalarType.Int.NonNull().ListOf(), _ => new object?[] { 1, null, 3 })
             .Field("nullableNumbers", ScalarType.Int.ListOf(), _ => new object?[] { 1, null, 3 })
             .Field("badInt", ScalarType.Int, _ => "abc")
             .Field("notAList", ScalarType.Int.ListOf(), _ => 5)
             .Field("genre", genre, ctx => ctx.Arguments["g"], configure: f => f.Argument("g", genre.NonNull()))
             .Field("sum", ScalarType.Int, ctx => ((IReadOnlyList<object?>)ctx.Arguments["values"]!).Sum(v => (int)v!),
                 configure: f => f.Argument("values", ScalarType.Int.NonNull().ListOf().NonNull()));
        named.ResolveType = (value, _) => value is Author ? author : null;

        Schema = new GraphQLSchema(query, description: "Library test schema");
    }

    private static object? Throw(Exception ex) => throw ex;

    public GraphQLEngine Engine(GraphQLLimits? limits = null) => new(Schema, new GraphQLEngineOptions { Limits = limits ?? new GraphQLLimits() });
}

public abstract class ExecutionTestBase
{
    protected LibrarySchema Library { get; } = new();

    protected async Task<ExecutionResult> Execute(string query, string? variablesJson = null, string? operationName = null, GraphQLLimits? limits = null)
    {
        var variables = variablesJson is null ? null : JsonInput.ToDictionary(JsonDocument.Parse(variablesJson).RootElement);
        return await Library.Engine(limits).ExecuteAsync(new GraphQLRequest { Query = query, Variables = variables, OperationName = operationName });
    }

    protected async Task<string> Json(string query, string? variablesJson = null, string? operationName = null, GraphQLLimits? limits = null)
        => (await Execute(query, variablesJson, operationName, limits)).ToJson();
}
