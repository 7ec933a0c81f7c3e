using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>The release feed. Bound from the "ReleaseFeed" configuration section.</summary>
public sealed class ReleaseFeedOptions
{
    public const string Section = "ReleaseFeed";

    /// <summary>Entries in the feed: the newest releases. A feed reader polls it, so it stays small; the whole
    /// history is <c>/api/v1/releases</c>.</summary>
    public int Entries { get; set; } = 50;

    /// <summary>
    /// The tagging entity of the feed's and entries' <c>tag:</c> URIs (RFC 4151: an authority and a date it held
    /// it). Part of every entry id, so it must never change once the feed is public: a reader takes a new id for a
    /// new entry and would show every release again.
    /// </summary>
    public string TagAuthority { get; set; } = "opendata.example,2025";

    /// <summary>The feed's author (Atom requires one); the data package's title when not set.</summary>
    public string? AuthorName { get; set; }
}

/// <summary>
/// <c>/api/v1/releases.atom</c>: the data releases as an Atom feed (RFC 4287), newest first, so a publication
/// scheme or a newsroom's feed reader hears when the data changed and what changed, per dataset, with links to the
/// rows. Built from the same store rows as <c>/api/v1/releases</c> (release_datasets for the counts).
/// </summary>
public static class ReleaseFeedApi
{
    public const string MediaType = "application/atom+xml";
    public const string Path = "/releases.atom";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public static IServiceCollection AddReleaseFeed(this IServiceCollection services)
    {
        services.AddOptions<ReleaseFeedOptions>().BindConfiguration(ReleaseFeedOptions.Section)
            .Validate(o => o.Entries is >= 1 and <= 1000, "ReleaseFeed:Entries must be 1 to 1000.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.TagAuthority) && !o.TagAuthority.Contains(':', StringComparison.Ordinal),
                "ReleaseFeed:TagAuthority must be an RFC 4151 tagging entity such as example.org,2025.")
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapReleaseFeed(this RouteGroupBuilder group)
    {
        group.MapGet(Path, FeedAsync)
            // Every release is news, so the validators move with each one ("releases" has no modified release of
            // its own: the current release counts).
            .Reads(ReleaseDto.Dataset.ResourceName)
            .RequireAcceptable()
            .WithName("GetReleaseFeed")
            .WithSummary("Follow the data releases (Atom feed)")
            .WithDescription("An Atom feed (RFC 4287) of the data releases, newest first (the newest 50 by default). "
                + "Each entry is one release: its id is a tag: URI made of the release id and content hash, which never changes; "
                + "updated is the release's import time; the summary and content say, per dataset, how many rows it added, removed and changed; "
                + "links lead to the release (alternate), its change list (related) and each dataset's changes (related, ?dataset=). "
                + "Links are absolute paths on this host. Conditional requests (If-None-Match, If-Modified-Since) answer 304 until the next release.")
            .WithTags(ReleaseDto.Dataset.Title)
            .Produces<string>(StatusCodes.Status200OK, MediaType)
            .WithResponseExample(MediaType, ExampleFeed())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> FeedAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases,
        IOptions<ReleaseFeedOptions> options, CancellationToken cancellationToken)
    {
        if (RestProblems.UnknownParameters(context.Request, "the feed takes no parameters") is { } unknown) return unknown;
        var current = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (current is null) return RestProblems.NoDataRelease();

        // Up to the release the validators were taken from, should an import land meanwhile.
        var newest = await db.Releases.AsNoTracking()
            .Where(r => r.Id <= current.Id)
            .OrderByDescending(r => r.Id)
            .Take(options.Value.Entries)
            .Select(r => new { r.Id, r.ImportedAt, r.ContentHash })
            .ToListAsync(cancellationToken);
        var ids = newest.Select(r => r.Id).ToList();
        var counts = (await db.ReleaseDatasets.AsNoTracking()
                .Where(d => ids.Contains(d.ReleaseId))
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.ReleaseId);
        var entries = newest.Select(r => new FeedRelease(r.Id, r.ImportedAt, r.ContentHash,
            [.. counts[r.Id].Select(d => new FeedDatasetChange(d.Dataset, d.Added, d.Removed, d.Changed))])).ToList();
        var feed = Feed(RestLinks.For(context), options.Value, entries);
        return new XmlBodyResult(MediaType, feed);
    }

    /// <summary>One release as the feed tells it.</summary>
    public sealed record FeedRelease(int Id, DateTimeOffset ImportedAt, string ContentHash, IReadOnlyList<FeedDatasetChange> Datasets);

    /// <summary>What a release did to one dataset (release_datasets).</summary>
    public sealed record FeedDatasetChange(string Dataset, long Added, long Removed, long Changed)
    {
        public bool Any => Added + Removed + Changed > 0;
    }

    /// <summary>The feed document: releases newest first, the first of them the feed's updated time.</summary>
    public static XDocument Feed(RestLinks links, ReleaseFeedOptions options, IReadOnlyList<FeedRelease> releases)
    {
        var package = DataPackage.Current;
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", $"tag:{options.TagAuthority}:releases"),
            new XElement(Atom + "title", $"{package.Title}: data releases"),
            new XElement(Atom + "subtitle", "Each import that changes the published data is a release; an entry says what it added, removed and changed per dataset."),
            new XElement(Atom + "updated", Instant(releases.Count > 0 ? releases[0].ImportedAt : DateTimeOffset.UnixEpoch)),
            new XElement(Atom + "author", new XElement(Atom + "name", options.AuthorName ?? package.Title)),
            Link("self", links.Path("releases.atom"), MediaType),
            Link("alternate", links.Path("releases"), OutputFormats.Json),
            package.Licences.Count > 0 && package.Licences[0].Path is { } licence ? Link("license", licence, null) : null,
            releases.Select(r => Entry(links, options, r)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    private static XElement Entry(RestLinks links, ReleaseFeedOptions options, FeedRelease release)
    {
        var id = Id(release.Id);
        var self = links.Path("releases", id);
        var changes = links.Path("releases", id, ReleaseChanges.Dataset.Name);
        // The published datasets the release touched, in registry order (the store's internal tables, such as the
        // coverage gaps behind the series, are news only through the datasets that read them).
        var touched = release.Datasets.Where(d => d.Any && DatasetCatalog.FindResource(d.Dataset) is not null)
            .OrderBy(d => Order(d.Dataset)).ToList();
        var summary = touched.Count == 0
            ? "No rows changed."
            : string.Join("; ", touched.Select(d => $"{d.Dataset}: {Counts(d)}")) + ".";
        var title = touched.Count switch
        {
            0 => $"Release {id}",
            <= 3 => $"Release {id}: {string.Join(", ", touched.Select(d => TitleOf(d.Dataset)))} changed",
            _ => $"Release {id}: {touched.Count} datasets changed",
        };
        return new XElement(Atom + "entry",
            // Release id and content hash together: a store rebuilt from nothing numbers its releases from 1 again,
            // and its release 1 is other news than the old one.
            new XElement(Atom + "id", $"tag:{options.TagAuthority}:releases/{id}/{release.ContentHash}"),
            new XElement(Atom + "title", title),
            new XElement(Atom + "updated", Instant(release.ImportedAt)),
            new XElement(Atom + "published", Instant(release.ImportedAt)),
            Link("alternate", self, OutputFormats.Json),
            Link("related", changes, OutputFormats.Json, "Every row the release added, removed or changed"),
            touched.Select(d => Link("related", RestLinks.WithQuery(changes, [new("dataset", d.Dataset)]), OutputFormats.Json, $"{TitleOf(d.Dataset)}: the rows it changed")),
            new XElement(Atom + "summary", summary),
            new XElement(Atom + "content", new XAttribute("type", "xhtml"),
                new XElement(Xhtml + "div",
                    new XElement(Xhtml + "p", "Content hash ", new XElement(Xhtml + "code", release.ContentHash), "."),
                    touched.Count == 0
                        ? new XElement(Xhtml + "p", "No rows changed.")
                        : new XElement(Xhtml + "ul", touched.Select(d => new XElement(Xhtml + "li",
                            new XElement(Xhtml + "a", new XAttribute("href", RestLinks.WithQuery(changes, [new("dataset", d.Dataset)])), TitleOf(d.Dataset)),
                            $" ({d.Dataset}): {Counts(d)}"))))));
    }

    private static XElement Link(string rel, string href, string? type, string? title = null) =>
        new(Atom + "link",
            new XAttribute("rel", rel),
            new XAttribute("href", href),
            type is null ? null : new XAttribute("type", type),
            title is null ? null : new XAttribute("title", title));

    private static string Counts(FeedDatasetChange d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Added} added, {d.Removed} removed, {d.Changed} changed");

    private static int Order(string resourceName) =>
        DatasetCatalog.All.Select((d, i) => (d, i)).First(p => p.d.ResourceName == resourceName).i;

    private static string TitleOf(string resourceName) => DatasetCatalog.FindResource(resourceName)!.Title;

    /// <summary>RFC 3339 date-time, as Atom requires.</summary>
    private static string Instant(DateTimeOffset value) => FieldValues.FormatInstant(value);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The OpenAPI example: a feed of two releases, written by the code that writes the real one.</summary>
    private static string ExampleFeed()
    {
        var feed = Feed(new RestLinks(PathString.Empty), new ReleaseFeedOptions(),
        [
            new FeedRelease(2, new DateTimeOffset(2025, 12, 1, 2, 0, 0, TimeSpan.Zero), "5d41402abc4b2a76b9719d911017c592ae4c1e8e3f1a7d5c2b9e6f0a4d8c7b31",
                [new FeedDatasetChange(TargetDto.Dataset.ResourceName, 0, 0, 1)]),
        ]);
        return XmlBodyResult.Text(feed);
    }
}

/// <summary>A 200 whose body is an XML document, written as UTF-8 without a byte-order mark.</summary>
public sealed class XmlBodyResult(string mediaType, XDocument document) : IResult
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        Async = true,
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = mediaType + "; charset=utf-8";
        await using var writer = XmlWriter.Create(httpContext.Response.Body, Settings);
        await document.SaveAsync(writer, httpContext.RequestAborted);
        await writer.FlushAsync();
    }

    /// <summary>The document as the response carries it.</summary>
    public static string Text(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = Settings.Encoding, Indent = true }))
        {
            document.Save(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
