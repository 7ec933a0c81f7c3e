using Microsoft.EntityFrameworkCore;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>
/// <c>/api/v1/releases</c>: the data releases recorded by imports, newest first; and
/// <c>/api/v1/releases/{id}/changes</c>: every row a release added, removed or changed.
/// </summary>
public static class ReleasesApi
{
    public static readonly DatasetResource<DataRelease, ReleaseDto> Resource = new()
    {
        Dataset = ReleaseDto.Dataset,
        ListName = "ListReleases",
        ItemName = "GetRelease",
        Noun = "release",
        About = "Every import of the seed data is a numbered data release: when it ran, a hash of its content, rows per dataset and what changed (ids added, removed, changed) since the release before; the full list of changed rows is at links.changes. Every data response names the release it was read from (X-Data-Release).",
        KeyExample = "1",
        FilterExample = ("id__gte", "1"),
        Links = (r, links) => new LinkList(links)
            .Item("self", "releases", Id(r.Id))
            .Path("changes", links.Path("releases", Id(r.Id), ReleaseChanges.Dataset.Name)),
    };

    // Nested below a release rather than a top-level collection: the changes only mean something relative to
    // their release, and a release that does not exist is a 404 rather than an empty list.
    public static readonly DatasetResource<ReleaseChange, ReleaseChangeDto> Changes = new()
    {
        Dataset = ReleaseChanges.Dataset,
        ListName = "ListReleaseChanges",
        ItemName = "GetReleaseChange",
        Noun = "change",
        About = "Every row the release added, removed or changed since the release before it, in full (the release's changes list only the first 50 ids of each kind). The first release of a store lists none: every row was added, and its counts say so. Each row links to its release and, when added or changed, to the row's item route.",
        KeyExample = "2/areas/kc-test-place",
        FilterExample = ("change", "changed"),
        LinkFields = ["release_id", "dataset", "change", "row_id"],
        Links = (c, links) =>
        {
            var list = new LinkList(links).Item("release", "releases", Id(c.ReleaseId));
            // A removed row has no item to link to; a dataset without a route (none today) has none either.
            if (c.Change != "removed" && RouteOf(c.Dataset) is { } route) list.Item("row", route, c.RowId);
            return list;
        },
    };

    private static readonly NestedScope ReleaseScope = new()
    {
        Parent = "releases",
        ParentKey = "id",
        ParentKeyDescription = "The release's sequence number.",
        ParentKeyExample = "1",
        ParentNoun = "release",
        Tag = ReleaseDto.Dataset.Title,
        ForeignKey = "release_id",
        FindAsync = async (db, key, cancellationToken) =>
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) return null;
            return await db.Releases.AsNoTracking().AnyAsync(r => r.Id == id, cancellationToken) ? id : null;
        },
    };

    public static RouteGroupBuilder MapReleases(this RouteGroupBuilder group)
    {
        group.MapDataset(Resource);
        // Every row a release touched, across all datasets: as dear as the other heavy reads whatever the format.
        group.MapNestedCollection(Changes, ReleaseScope).WithRequestCost(RequestCost.Heavy);
        return group;
    }

    /// <summary>The REST route of a dataset by its resource name (crime_figures: crime-figures); null when it has none.</summary>
    private static string? RouteOf(string resourceName) =>
        DatasetCatalog.All.FirstOrDefault(d => d.ResourceName == resourceName)?.Name;

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
