using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>Ward polygons, looked up apart from the area rows: they are large, and only GeoJSON output needs them.</summary>
public static class AreaGeometry
{
    /// <summary>The GeoJSON geometry (as published text) of each of the areas that has one.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> GetAsync(OpenDataDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default)
    {
        if (codes.Count == 0) return new Dictionary<string, string>();
        var list = codes.ToList();
        return await db.Areas.AsNoTracking()
            .Where(a => list.Contains(a.Code) && a.Geometry != null)
            .Select(a => new { a.Code, a.Geometry })
            .ToDictionaryAsync(a => a.Code, a => a.Geometry!, cancellationToken);
    }
}
