using System.Text.Json;
using OpenData.Import.Mps;
using OpenData.Import.Package;
using OpenData.Import.Validation;

namespace OpenData.Import.Boundaries;

/// <summary>
/// A GeoJSON FeatureCollection of ward polygons. Each feature is joined to areas on properties.GSS_CODE and must
/// be a ward; all features of one file must be wards of one boundary set (the set of its first feature). The
/// geometry is kept as compact JSON, numbers exactly as written in the file.
/// </summary>
internal static class BoundaryFile
{
    public sealed record Geometry(string Json, string File, int Line);

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

            var offsets = FeatureOffsets(data);
            string? boundarySet = null;
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
                    || !properties.TryGetProperty("GSS_CODE", out var codeJson) || codeJson.ValueKind != JsonValueKind.String)
                {
                    Fail(at + ".properties.GSS_CODE", "expected the ward's GSS code, found none");
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
                if (!reference.AreasUsable) continue;
                if (!reference.Wards.TryGetValue(code, out var ward))
                {
                    Fail(at + ".properties.GSS_CODE", $"expected a ward code of areas, found {ImportError.Quote(code)}");
                    continue;
                }
                boundarySet ??= ward.BoundarySet;
                if (ward.BoundarySet != boundarySet)
                {
                    Fail(at + ".properties.GSS_CODE", $"expected a ward of boundary set {boundarySet} like the file's first feature, found {ImportError.Quote(code)} of boundary set {ward.BoundarySet ?? "(none)"}");
                    continue;
                }
                if (geometries.TryGetValue(code, out var first))
                {
                    Fail(at + ".properties.GSS_CODE", $"expected one feature per ward, found {ImportError.Quote(code)} again (first in {first.File} on line {first.Line})");
                    continue;
                }
                geometries[code] = new Geometry(JsonSerializer.Serialize(geometry), display, line);
            }
        }
    }

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
