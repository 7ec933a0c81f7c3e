using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/releases</c>: the data releases recorded by imports, newest first.</summary>
public static class ReleasesApi
{
    public static readonly DatasetResource<OpenData.Store.DataRelease, ReleaseDto> Resource = new()
    {
        Dataset = ReleaseDto.Dataset,
        ListName = "ListReleases",
        ItemName = "GetRelease",
        Noun = "release",
        About = "Every import of the seed data is a numbered data release: when it ran, a hash of its content, rows per dataset and what changed (ids added, removed, changed) since the release before. Every data response names the release it was read from (X-Data-Release).",
        KeyExample = "1",
        FilterExample = ("id__gte", "1"),
        Links = (r, links) => new LinkList(links)
            .Item("self", "releases", r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    public static RouteGroupBuilder MapReleases(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
