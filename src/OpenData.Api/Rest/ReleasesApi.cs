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
        RestNote = "The full list of changed rows is at links.changes. Every data response names the release it was read from (X-Data-Release).",
        FilterExample = ("id__gte", "1"),
        ExtraLinks = (r, links, list) => list.Path("changes", links.Path("releases", Id(r.Id), ReleaseChanges.Dataset.Name)),
    };

    // Nested below a release rather than a top-level collection: the changes only mean something relative to
    // their release, and a release that does not exist is a 404 rather than an empty list.
    public static readonly DatasetResource<ReleaseChange, ReleaseChangeDto> Changes = new()
    {
        Dataset = ReleaseChanges.Dataset,
        RestNote = "Each row links to its release and, when added or changed, to the row's item route.",
        FilterExample = ("change", "changed"),
        ExtraLinkFields = ["release_id", "dataset", "change", "row_id"],
        CustomLinks = (c, links) =>
        {
            var list = new LinkList(links).Item("release", "releases", Id(c.ReleaseId));
            // A removed row has no item to link to.
            if (c.Change != "removed" && DatasetCatalog.FindResource(c.Dataset) is { } dataset) list.Item("row", dataset.Name, c.RowId);
            return list;
        },
    };

    private static readonly NestedScope ReleaseScope = new()
    {
        Parent = "releases",
        ParentKey = "id",
        ParentKeyDescription = ReleaseDto.Dataset.Key.Description,
        ParentKeyExample = ReleaseDto.Dataset.Key.Example ?? "1",
        ParentNoun = "release",
        Tag = ReleaseDto.Dataset.Title,
        ForeignKey = "release_id",
        FindAsync = async (db, key, cancellationToken) =>
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) return null;
            return await db.Releases.AsNoTracking().AnyAsync(r => r.Id == id, cancellationToken) ? id : null;
        },
    };

    /// <summary>The routes of releases besides the collection and item: the changes of one release.</summary>
    public static RouteGroupBuilder MapReleaseChanges(this RouteGroupBuilder group)
    {
        // Every row a release touched, across all datasets: as dear as the other heavy reads whatever the format.
        group.MapNestedCollection(Changes, ReleaseScope).WithRequestCost(RequestCost.Heavy);
        return group;
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
