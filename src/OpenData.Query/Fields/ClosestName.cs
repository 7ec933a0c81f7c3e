namespace OpenData.Query;

/// <summary>
/// The name a client most likely meant when it gave one that does not exist (an unknown parameter, field or
/// category): so an error can say "did you mean area_code?" instead of only listing everything valid.
/// </summary>
public static class ClosestName
{
    /// <summary>
    /// The candidate closest to <paramref name="given"/>, or null when none is close: one that differs only in case,
    /// then one that is the given word with a part added (<c>area</c> for <c>area_code</c>, <c>burglary</c> for
    /// <c>police-uk-burglary</c>: a snake_case or kebab-case name starting or ending with it), then the nearest by
    /// edit distance when at most a third of the given name differs (a typo, not another word).
    /// </summary>
    public static string? Of(string given, IEnumerable<string> candidates)
    {
        var list = candidates.Distinct(StringComparer.Ordinal).ToList();
        if (given.Length == 0 || list.Count == 0) return null;
        if (list.FirstOrDefault(c => string.Equals(c, given, StringComparison.OrdinalIgnoreCase)) is { } sameLetters) return sameLetters;
        var lower = given.ToLowerInvariant();
        var extended = list
            .Where(c => IsPartOf(lower, c.ToLowerInvariant()))
            .OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal)
            .FirstOrDefault();
        if (extended is not null) return extended;
        var (best, distance) = list
            .Select(c => (Name: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .First();
        return distance <= Math.Max(1, given.Length / 3) ? best : null;
    }

    /// <summary>"did you mean 'x'?" for <see cref="Of"/>, or null when nothing is close.</summary>
    public static string? DidYouMean(string given, IEnumerable<string> candidates) =>
        Of(given, candidates) is { } closest ? $"did you mean '{closest}'?" : null;

    /// <summary>Whether <paramref name="word"/> is a whole leading or trailing part of <paramref name="name"/>
    /// (separated by _ or -).</summary>
    private static bool IsPartOf(string word, string name) =>
        name.Length > word.Length
        && ((name.StartsWith(word, StringComparison.Ordinal) && name[word.Length] is '_' or '-')
            || (name.EndsWith(word, StringComparison.Ordinal) && name[^(word.Length + 1)] is '_' or '-'));

    /// <summary>Levenshtein distance (names are short: a parameter, a category id).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
