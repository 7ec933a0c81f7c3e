using System.Security.Cryptography;
using System.Text;

namespace OpenData.Query;

/// <summary>
/// The documents' texts, and the link from a row to its place in one. The texts are the document resources of
/// datapackage.json (<c>opendata:layout</c> <c>document</c>), embedded at build time with the package that
/// declares them and read once: the import checks each file against the package's hash, readiness refuses a store
/// built from another package, so the text served is the one the rows were checked with.
/// </summary>
public static class SourceDocuments
{
    /// <summary>Where a source's document is served; the id and <c>/document</c> follow.</summary>
    public const string PathPrefix = "/api/v1/sources/";

    private static readonly Lazy<IReadOnlyDictionary<string, SourceDocument>> Embedded = new(Load);

    /// <summary>Every document text by source id.</summary>
    public static IReadOnlyDictionary<string, SourceDocument> All => Embedded.Value;

    /// <summary>The text of a source, or null when it has none (a dataset source, or no such source).</summary>
    public static SourceDocument? Find(string sourceId) => All.GetValueOrDefault(sourceId);

    /// <summary>The root-relative URL of a source's document.</summary>
    public static string DocumentPath(string sourceId) => PathPrefix + Uri.EscapeDataString(sourceId) + "/document";

    /// <summary>
    /// A row's <c>locator_url</c>: its source's document with the fragment its locator resolves to; null when the
    /// source has no document text (the MPS downloads, boundary files and other dataset sources: their locator
    /// names a file or a column, and the source's own record already links to where the data is published).
    /// Called in the projection of every dataset with a locator, after the row is read (it is not SQL).
    /// </summary>
    public static string? LocatorUrl(string sourceId, string locator) =>
        Find(sourceId) is { } document ? DocumentPath(sourceId) + "#" + document.Resolve(locator).AnchorId : null;

    /// <summary>How the registry describes the field (once, for every dataset that has it).</summary>
    public static readonly ComputedField LocatorUrlField = new(
        "Computed, not published: where the locator lands in the source's text, a root-relative URL of "
        + "/api/v1/sources/{source_id}/document with the anchor of the heading, table, numbered paragraph or page the "
        + "locator names (its deepest part the text has). Empty when the source is a dataset (MPS downloads, boundary "
        + "files), which has no document text. Not sortable or filterable.",
        "/api/v1/sources/rbkc-ccsp-2008/document#table-1",
        Comparable: false);

    private static IReadOnlyDictionary<string, SourceDocument> Load()
    {
        var assembly = typeof(SourceDocuments).Assembly;
        var documents = new Dictionary<string, SourceDocument>(StringComparer.Ordinal);
        foreach (var resource in DataPackage.Current.Resources.Where(r => r.Layout == "document"))
        {
            var path = resource.Paths.Single();
            var name = "OpenData.Query.documents." + path[(path.LastIndexOf('/') + 1)..];
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"{path} is declared in datapackage.json but not embedded in OpenData.Query.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            // The import refuses a text that does not match; a build that embedded another text must not serve it.
            if (!string.Equals("sha256:" + sha256, resource.Hash, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{path} does not have the hash datapackage.json declares ({resource.Hash}).");
            }
            var sourceId = resource.SourceId ?? throw new InvalidOperationException($"{resource.Name} names no opendata:source_id.");
            documents.Add(sourceId, SourceDocument.Read(sourceId, path, new UTF8Encoding(false, true).GetString(bytes), sha256));
        }
        return documents;
    }
}
