using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>Names the release a response is read from: <c>X-Data-Release</c> and <see cref="ServedData"/>.</summary>
public static class RestRelease
{
    /// <summary>
    /// Announces the current release on the response (X-Data-Release) and the version of the datasets the route
    /// reads (its <see cref="ReadsDatasets"/>) for the validators. Returns the release the body names in
    /// <c>meta.release</c>: the newest release that modified those datasets, not the current one. A body is then the
    /// same bytes across releases that leave its data alone, as its strong ETag (which does not move) promises;
    /// X-Data-Release still says which release is current. Null when the store holds none (answer 503).
    /// </summary>
    public static async Task<ReleaseInfo?> ServeAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken cancellationToken)
    {
        var release = await releases.GetCurrentAsync(db, cancellationToken);
        if (release is null) return null;
        var data = await releases.GetDataVersionAsync(db, release, ReadsDatasets.Of(context), cancellationToken);
        context.Response.Headers[ReleaseCaching.DataReleaseHeader] = release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Features.Set(new ServedData(release, data));
        return data.Release;
    }
}
