using System.Text.Json;
using OpenData.Import.Mps;
using OpenData.Import.Package;
using OpenData.Import.Validation;

namespace OpenData.Import.Boundaries;

/// <summary>
/// A GeoJSON FeatureCollection of area polygons: the wards of one boundary set (<c>opendata:boundary_set</c>), or
/// areas of another type (<c>opendata:area_type</c>, e.g. borough). Each feature is joined to areas on the property
/// <c>opendata:feature_key</c> (GSS_CODE unless declared) and must be an area of that type, a ward whose
/// boundary_sets hold the file's set. An area keeps one polygon: a ward code several sets hold takes the newest
/// set's (the order of areas.boundary_set's enum), so a code kept from 2014 to 2022 is drawn with the 2022
/// polygon. The geometry is kept as compact JSON, numbers exactly as written in the file.
/// </summary>
internal static class BoundaryFile
{
    /// <summary>A polygon, where it was read, and the boundary set it draws (null for areas other than wards).</summary>
    public sealed record Geometry(string Json, string File, int Line, string? BoundarySet);

    public static void Read(Resource resource, string packageDirectory, string displayPrefix, Reference reference,
        Dictionary<string, Geometry> geometries, ErrorList errors)
    {
        var relative = resource.Paths[0];
        var display = displayPrefix + relative;
        var data = SeedFile.Read(packageDirectory, relative, display, resource.Name, errors);
        if (data is null) return;
        var lines = new LineIndex(data);
        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            var (line, column) = lines.Locate(FirstInvalidUtf8(data));
            errors.Add(display, line, column, null, $"expected UTF-8 text, found byte 0x{data[FirstInvalidUtf8(data)]:X2}");
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException e)
        {
            errors.Add(display, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, null, $"expected valid JSON: {e.Message.Split(" LineNumber")[0]}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                errors.Add(display, 1, 1, null, "expected a GeoJSON FeatureCollection with a features array");
                return;
            }

            var key = resource.FeatureKey;
            var wards = resource.AreaType == "ward";
            var set = wards ? resource.BoundarySet : null;
            if (set is not null && reference.AreasUsable && reference.BoundarySetOrder.Count > 0 && !reference.BoundarySetOrder.Contains(set))
            {
                errors.Add(display, null, null, null, $"expected a boundary set of areas.boundary_set ({string.Join(", ", reference.BoundarySetOrder)}) as the resource's opendata:boundary_set, found {ImportError.Quote(set)}");
                return;
            }
            var inThisFile = new Dictionary<string, int>(StringComparer.Ordinal);
            var offsets = FeatureOffsets(data);
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var (line, column) = lines.Locate(index < offsets.Count ? offsets[index] : 0);
                var at = $"features[{index}]";
                index++;
                void Fail(string path, string message) => errors.Add(display, line, column, path, message);

                if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var featureType) || featureType.GetString() != "Feature")
                {
                    Fail(at, "expected a GeoJSON Feature");
                    continue;
                }
                if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
                    || !properties.TryGetProperty(key, out var codeJson) || codeJson.ValueKind != JsonValueKind.String)
                {
                    Fail($"{at}.properties.{key}", $"expected the {resource.AreaType}'s code, found none");
                    continue;
                }
                var code = codeJson.GetString()!;
                if (!feature.TryGetProperty("geometry", out var geometry))
                {
                    Fail(at + ".geometry", "expected a Polygon or MultiPolygon geometry, found none");
                    continue;
                }
                if (CheckGeometry(geometry) is { } problem)
                {
                    Fail(at + ".geometry", problem);
                    continue;
                }
                if (inThisFile.TryGetValue(code, out var firstLine))
                {
                    Fail($"{at}.properties.{key}", $"expected one feature per {resource.AreaType}, found {ImportError.Quote(code)} again (first on line {firstLine})");
                    continue;
                }
                inThisFile[code] = line;
                if (!reference.AreasUsable) continue;
                if (wards)
                {
                    if (!reference.Wards.TryGetValue(code, out var ward))
                    {
                        Fail($"{at}.properties.{key}", $"expected a ward code of areas, found {ImportError.Quote(code)}");
                        continue;
                    }
                    if (!ward.BoundarySets.Contains(set!))
                    {
                        Fail($"{at}.properties.{key}", $"expected a ward of boundary set {set} (one whose boundary_sets hold it), found {ImportError.Quote(code)} of boundary sets {(ward.BoundarySets.Count == 0 ? "(none)" : string.Join(" ", ward.BoundarySets))}");
                        continue;
                    }
                }
                else if (reference.AreaTypes.GetValueOrDefault(code) != resource.AreaType)
                {
                    Fail($"{at}.properties.{key}", reference.AreaTypes.TryGetValue(code, out var actual)
                        ? $"expected an area of type {resource.AreaType}, found {ImportError.Quote(code)} of type {actual}"
                        : $"expected an area code of type {resource.AreaType} of areas, found {ImportError.Quote(code)}");
                    continue;
                }

                var shape = new Geometry(JsonSerializer.Serialize(geometry), display, line, set);
                if (geometries.TryGetValue(code, out var other))
                {
                    var order = Rank(reference, set).CompareTo(Rank(reference, other.BoundarySet));
                    if (set is null || other.BoundarySet is null || order == 0)
                    {
                        Fail($"{at}.properties.{key}", $"expected one polygon per area (or ward set), found {ImportError.Quote(code)} again (first in {other.File} on line {other.Line})");
                        continue;
                    }
                    // The newer set draws the area; the older polygon was checked and is dropped.
                    if (order < 0) continue;
                }
                geometries[code] = shape;
            }
        }
    }

    private static int Rank(Reference reference, string? set) => set is null ? -1 : reference.BoundarySetOrder.IndexOf(set);

    /// <summary>Null when the geometry is a Polygon or MultiPolygon of WGS84 positions, else what is wrong.</summary>
    private static string? CheckGeometry(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var type) || !geometry.TryGetProperty("coordinates", out var coordinates))
            return "expected a geometry object with type and coordinates";
        var kind = type.GetString();
        return kind switch
        {
            "Polygon" => CheckPolygon(coordinates),
            "MultiPolygon" => coordinates.ValueKind == JsonValueKind.Array && coordinates.GetArrayLength() > 0
                ? coordinates.EnumerateArray().Select(CheckPolygon).FirstOrDefault(p => p is not null)
                : "expected MultiPolygon coordinates: a non-empty array of polygons",
            _ => $"expected a Polygon or MultiPolygon geometry, found {ImportError.Quote(kind ?? "")}",
        };
    }

    private static string? CheckPolygon(JsonElement polygon)
    {
        if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0) return "expected polygon coordinates: a non-empty array of rings";
        foreach (var ring in polygon.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 4) return "expected a linear ring of at least four positions";
            foreach (var position in ring.EnumerateArray())
            {
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                    || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                    return "expected positions [longitude, latitude]";
                var lon = position[0].GetDouble();
                var lat = position[1].GetDouble();
                if (lon is < -180 or > 180 || lat is < -90 or > 90)
                    return $"expected WGS84 longitude and latitude, found [{position[0].GetRawText()}, {position[1].GetRawText()}]";
            }
        }
        return null;
    }

    /// <summary>Byte offsets where each element of the top-level "features" array starts, to give errors a line.</summary>
    private static List<long> FeatureOffsets(byte[] data)
    {
        var offsets = new List<long>();
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return offsets;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFeatures = reader.ValueTextEquals("features"u8);
            reader.Read();
            if (isFeatures && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    offsets.Add(reader.TokenStartIndex);
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }
        return offsets;
    }

    private static int FirstInvalidUtf8(byte[] data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(data.AsSpan(offset), out _, out var consumed) != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }
        return 0;
    }

    /// <summary>Maps byte offsets to 1-based line and column (column in bytes).</summary>
    private sealed class LineIndex(byte[] data)
    {
        private readonly List<int> _starts = Starts(data);

        private static List<int> Starts(byte[] data)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < data.Length; i++)
            {
                if (data[i] == (byte)'\n') starts.Add(i + 1);
            }
            return starts;
        }

        public (int Line, int Column) Locate(long offset)
        {
            var index = _starts.BinarySearch((int)offset);
            if (index < 0) index = ~index - 1;
            return (index + 1, (int)offset - _starts[index] + 1);
        }
    }
}
