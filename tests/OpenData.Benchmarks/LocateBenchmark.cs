using System.Diagnostics;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using OpenData.Query;

namespace OpenData.Benchmarks;

/// <summary>
/// Point to ward (<see cref="WardIndex"/>, behind /api/v1/areas/locate): the time to build the index of a ward
/// file, and the time of one lookup, over the seed data's ward files and any others given. Lookups are of random points in the file's bounding box (a fixed seed), so both hits and
/// misses count; a brute-force pass (every polygon tested, no tree, not prepared) is timed for comparison.
/// </summary>
public static class LocateBenchmark
{
    public static int Run(string repositoryRoot, IReadOnlyList<string> extraFiles, int lookups)
    {
        var files = new List<string>
        {
            Path.Combine(repositoryRoot, "seed-data", "boundaries", "london_wards_2022.geojson"),
            Path.Combine(repositoryRoot, "seed-data", "boundaries", "london_wards_2018.geojson"),
            Path.Combine(repositoryRoot, "seed-data", "boundaries", "london_wards_2014.geojson"),
            Path.Combine(repositoryRoot, "seed-data", "boundaries", "kc_wards_2002_2014.geojson"),
        };
        files.AddRange(extraFiles.Select(Path.GetFullPath));
        Console.WriteLine($"| ward file | wards | vertices | build median (ms) | index memory (MiB) | lookup mean (µs) | p50 (µs) | p99 (µs) | p99.9 (µs) | hits | brute force mean (µs) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var file in files) Measure(file, lookups);
        return 0;
    }

    private static void Measure(string file, int lookups)
    {
        var wards = ReadWards(file);
        var set = Path.GetFileNameWithoutExtension(file);
        var polygons = wards.Select(w => w.Geometry).ToList();
        var vertices = polygons.Sum(p => p.NumPoints);
        var input = wards.Select(w => new WardPolygon(w.Code, [set], w.GeoJson)).ToList();

        // Build: a warm-up, then the median of five (parsing the GeoJSON text included, as the server does).
        WardIndex.Build(input);
        var builds = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            WardIndex.Build(input);
            builds.Add(watch.Elapsed.TotalMilliseconds);
        }

        var box = new Envelope();
        foreach (var polygon in polygons) box.ExpandToInclude(polygon.EnvelopeInternal);
        var random = new Random(12);
        var points = Enumerable.Range(0, lookups)
            .Select(_ => (Lat: box.MinY + random.NextDouble() * box.Height, Lon: box.MinX + random.NextDouble() * box.Width))
            .ToArray();

        // The memory an index holds once every ward has answered (prepared geometries build their edge index on
        // first use, so one pass over the points also warms every ward before the timing).
        var before = GC.GetTotalMemory(true);
        var index = WardIndex.Build(input);
        foreach (var (lat, lon) in points) index.Locate(lat, lon, set);
        var held = (GC.GetTotalMemory(true) - before) / 1048576.0;
        Console.Write($"| {Path.GetFileName(file)} | {wards.Count:N0} | {vertices:N0} | {builds.Order().ElementAt(2):N1} | {held:N1} ");

        var hits = 0;
        var each = new double[points.Length];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < points.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (index.Locate(points[i].Lat, points[i].Lon, set) is not null) hits++;
            each[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        var mean = total.Elapsed.TotalMicroseconds / points.Length;
        Array.Sort(each);

        // Brute force on a tenth of the points: every polygon, unprepared.
        var factory = polygons[0].Factory;
        var sample = points.Take(Math.Max(1, points.Length / 10)).ToArray();
        var brute = Stopwatch.StartNew();
        var bruteHits = 0;
        foreach (var (lat, lon) in sample)
        {
            var point = factory.CreatePoint(new Coordinate(lon, lat));
            if (polygons.Any(p => p.Covers(point))) bruteHits++;
        }
        var bruteMean = brute.Elapsed.TotalMicroseconds / sample.Length;
        GC.KeepAlive(index);
        Console.WriteLine($"| {mean:N2} | {each[each.Length / 2]:N2} | {each[(int)(each.Length * 0.99)]:N2} | {each[(int)(each.Length * 0.999)]:N2} | {hits * 100.0 / points.Length:N0}% | {bruteMean:N1} |");
    }

    private sealed record Ward(string Code, string GeoJson, Geometry Geometry);

    /// <summary>The features of a GeoJSON FeatureCollection: code (GSS_CODE, or ward_code in the London 2022 file) and geometry.</summary>
    private static List<Ward> ReadWards(string file)
    {
        var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var wards = new List<Ward>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var code = properties.TryGetProperty("GSS_CODE", out var gss) ? gss.GetString()! : properties.GetProperty("ward_code").GetString()!;
            var text = feature.GetProperty("geometry").GetRawText();
            wards.Add(new Ward(code, text, JsonSerializer.Deserialize<Geometry>(text, options)!));
        }
        return wards;
    }
}
