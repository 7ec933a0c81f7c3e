using System.Text;
using System.Text.Json;

namespace OpenData.Import.Releases;

/// <summary>What one dataset gained, lost and changed since the previous release, with the first ids of each.</summary>
public sealed class DatasetChanges
{
    /// <summary>How many ids of each kind are listed.</summary>
    public const int ListedIds = 50;

    public long Added { get; private set; }
    public long Removed { get; private set; }
    public long Changed { get; private set; }
    public List<string> AddedIds { get; } = [];
    public List<string> RemovedIds { get; } = [];
    public List<string> ChangedIds { get; } = [];

    public bool Any => Added + Removed + Changed > 0;

    /// <summary>Whether the id lists name every row counted (false once a kind has more than <see cref="ListedIds"/>).</summary>
    public bool IdsComplete => Added <= ListedIds && Removed <= ListedIds && Changed <= ListedIds;

    internal void Add(string id) { Added++; if (AddedIds.Count < ListedIds) AddedIds.Add(id); }
    internal void Remove(string id) { Removed++; if (RemovedIds.Count < ListedIds) RemovedIds.Add(id); }
    internal void Change(string id) { Changed++; if (ChangedIds.Count < ListedIds) ChangedIds.Add(id); }

    /// <summary>
    /// The releases.changes JSON: <c>{"&lt;dataset&gt;": {"added": n, "removed": n, "changed": n, "ids_complete": bool,
    /// "added_ids": [...], "removed_ids": [...], "changed_ids": [...]}, ...}</c>, datasets in name order, ids in id
    /// order. <c>ids_complete</c> says whether the lists are whole or only their first <see cref="ListedIds"/> ids,
    /// so a reader never mistakes a capped list for the full one.
    /// </summary>
    public static string ToJson(IReadOnlyDictionary<string, DatasetChanges> changes)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (name, c) in changes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteNumber("added", c.Added);
                json.WriteNumber("removed", c.Removed);
                json.WriteNumber("changed", c.Changed);
                json.WriteBoolean("ids_complete", c.IdsComplete);
                WriteIds(json, "added_ids", c.AddedIds);
                WriteIds(json, "removed_ids", c.RemovedIds);
                WriteIds(json, "changed_ids", c.ChangedIds);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteIds(Utf8JsonWriter json, string name, List<string> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids) json.WriteStringValue(id);
        json.WriteEndArray();
    }
}
