using System.Collections.Concurrent;
using System.Reflection;

namespace OpenData.GraphQL.Http;

/// <summary>The embedded GraphiQL files (see Http/GraphiQL/README.md).</summary>
internal static class GraphiQLAssets
{
    /// <summary>
    /// Part of the asset URLs so that a new version is never served from a stale cache: GraphiQL and React versions,
    /// then a revision of our own graphiql-init.js (2: the default query).
    /// </summary>
    public const string Version = "3.9.0-r18.3.1-2";

    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["graphiql.min.js"] = "text/javascript; charset=utf-8",
        ["graphiql-init.js"] = "text/javascript; charset=utf-8",
        ["react.production.min.js"] = "text/javascript; charset=utf-8",
        ["react-dom.production.min.js"] = "text/javascript; charset=utf-8",
        ["graphiql.min.css"] = "text/css; charset=utf-8",
    };

    /// <summary>Returns a served asset and its content type, or null for unknown names.</summary>
    public static (byte[] Content, string ContentType)? Get(string name)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType)) return null;
        var bytes = Cache.GetOrAdd(name, static n => Read(n));
        return bytes is null ? null : (bytes, contentType);
    }

    /// <summary>The page template.</summary>
    public static string PageTemplate { get; } = System.Text.Encoding.UTF8.GetString(Read("graphiql.html")!);

    private static byte[]? Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OpenData.GraphQL.GraphiQL." + name);
        if (stream is null) return null;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
