using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OpenData.Import;
using OpenData.Tests.Import;

namespace OpenData.Tests.Rest;

/// <summary>
/// The release feed (/api/v1/releases.atom) as a feed reader sees it: well-formed Atom with the elements RFC 4287
/// requires, one entry per release, newest first, whose ids never change when later releases arrive, and an entry
/// that says what a release changed and links to those rows.
/// </summary>
public sealed class ReleaseFeedTests : IDisposable
{
    private const string FeedUrl = "/api/v1/releases.atom";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private readonly TestApp _app = new(new Dictionary<string, string?>());
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task Each_release_is_an_entry_with_a_stable_id_saying_what_changed_per_dataset()
    {
        var client = _app.CreateClient();
        using var first = await client.GetAsync(FeedUrl);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/atom+xml", first.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(first.Headers.ETag);
        var feed = CheckedFeed(await first.Content.ReadAsStringAsync());
        var entry1 = Assert.Single(feed.Elements(Atom + "entry"));
        var id1 = (string)entry1.Element(Atom + "id")!;
        Assert.Equal("/api/v1/releases/1", Link(entry1, "alternate"));
        // The first release added every row: its entry counts them per dataset.
        Assert.Contains("risks: 5 added, 0 removed, 0 changed", (string)entry1.Element(Atom + "summary")!);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, FeedUrl);
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(revalidate)).StatusCode);

        // A second release that changes one target's notes cell, later by whole seconds.
        await Task.Delay(1100);
        _seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.Equal(2, import.ReleaseId);

        using var stale = new HttpRequestMessage(HttpMethod.Get, FeedUrl);
        stale.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        feed = CheckedFeed(await second.Content.ReadAsStringAsync());
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(["/api/v1/releases/2", "/api/v1/releases/1"], entries.Select(e => Link(e, "alternate")));
        Assert.Equal(id1, (string)entries[1].Element(Atom + "id")!);
        Assert.NotEqual(id1, (string)entries[0].Element(Atom + "id")!);

        var release2 = JsonNode.Parse(await client.GetStringAsync("/api/v1/releases/2"))!["data"]!;
        Assert.Equal(DateTimeOffset.Parse((string)release2["imported_at"]!), DateTimeOffset.Parse((string)entries[0].Element(Atom + "updated")!));
        Assert.Equal((string)entries[0].Element(Atom + "updated")!, (string)feed.Element(Atom + "updated")!);
        Assert.Contains((string)release2["content_hash"]!, (string)entries[0].Element(Atom + "id")!);

        // It says which dataset changed and how, and nothing else; its link leads to the changed row.
        Assert.Equal("targets: 0 added, 0 removed, 1 changed.", (string)entries[0].Element(Atom + "summary")!);
        Assert.Contains("Targets", (string)entries[0].Element(Atom + "title")!);
        var changesLink = entries[0].Elements(Atom + "link").Single(l => (string?)l.Attribute("href") == "/api/v1/releases/2/changes?dataset=targets");
        Assert.Equal("related", (string?)changesLink.Attribute("rel"));
        var changes = JsonNode.Parse(await client.GetStringAsync((string)changesLink.Attribute("href")!))!["data"]!.AsArray();
        var changed = Assert.Single(changes);
        Assert.Equal("changed", (string?)changed!["change"]);
        Assert.Contains(entries[0].Element(Atom + "content")!.Descendants(), e => e.Name.LocalName == "a" && (string?)e.Attribute("href") == "/api/v1/releases/2/changes?dataset=targets");
    }

    /// <summary>The feed parsed, with RFC 4287's required elements checked on it and every entry.</summary>
    private static XElement CheckedFeed(string body)
    {
        var feed = XDocument.Parse(body).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        AbsoluteIri((string?)feed.Element(Atom + "id"));
        Assert.False(string.IsNullOrWhiteSpace((string?)feed.Element(Atom + "title")));
        Rfc3339((string?)feed.Element(Atom + "updated"));
        // 4.1.1: a feed has an author unless every entry has one.
        Assert.False(string.IsNullOrWhiteSpace((string?)feed.Element(Atom + "author")?.Element(Atom + "name")));
        Assert.Equal(FeedUrl, Link(feed, "self"));
        var ids = new HashSet<string>();
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = (string?)entry.Element(Atom + "id");
            AbsoluteIri(id);
            Assert.True(ids.Add(id!), $"entry id {id} is repeated");
            Assert.False(string.IsNullOrWhiteSpace((string?)entry.Element(Atom + "title")));
            Rfc3339((string?)entry.Element(Atom + "updated"));
            // 4.1.2: content, or a link rel=alternate; and a summary when content is not inline text (ours is).
            Assert.True(entry.Element(Atom + "content") is not null || Link(entry, "alternate") is not null);
            Assert.Single(entry.Elements(Atom + "id"));
            Assert.Single(entry.Elements(Atom + "updated"));
        }
        return feed;
    }

    private static string? Link(XElement owner, string rel) =>
        (string?)owner.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href");

    private static void AbsoluteIri(string? value) =>
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out _), $"'{value}' is not an absolute IRI");

    private static void Rfc3339(string? value) =>
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", value ?? "");

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
