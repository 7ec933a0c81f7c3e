namespace OpenData.Query;

/// <summary>
/// The synonym list of search, in one place. A code table in the query layer rather than seed data: expansion
/// happens when a query is read, so the index holds the text as published and changing the list needs no new
/// import or release; and the list is about how people ask, not about the data. Each group is a set of phrases
/// that mean the same; a query naming any of them matches any of them. Words as <see cref="SearchIndex.Words"/>
/// makes them (lower case; "anti-social" is the two words "anti social"). Longer phrases first is not needed:
/// the longest match wins.
/// </summary>
public static class SearchSynonyms
{
    public static readonly IReadOnlyList<IReadOnlyList<string>> Groups =
    [
        ["asb", "anti social behaviour", "antisocial behaviour", "anti social behavior", "antisocial behavior", "anti social", "antisocial"],
        ["vawg", "violence against women and girls"],
        ["dv", "domestic violence", "domestic abuse"],
        ["cctv", "closed circuit television"],
        ["pcso", "pcsos", "police community support officer", "police community support officers"],
        ["csp", "community safety partnership"],
        ["yos", "youth offending service", "youth offending team", "yot"],
        ["nte", "night time economy"],
        ["hate crime", "hate crimes", "hate incident", "hate incidents"],
    ];

    private static readonly IReadOnlyList<IReadOnlyList<string[]>> Phrases =
        Groups.Select(g => (IReadOnlyList<string[]>)g.Select(p => SearchIndex.Words(p).ToArray()).ToList()).ToList();

    /// <summary>The group with the longest phrase that starts at <paramref name="start"/> of the words, with the
    /// group's phrases as word lists and the number of words matched; (null, 0) when none does.</summary>
    public static (IReadOnlyList<string[]>? Group, int Length) Longest(IReadOnlyList<string> words, int start)
    {
        IReadOnlyList<string[]>? best = null;
        var length = 0;
        foreach (var group in Phrases)
        {
            foreach (var phrase in group)
            {
                if (phrase.Length > length && start + phrase.Length <= words.Count
                    && phrase.Select((w, k) => words[start + k] == w).All(x => x))
                {
                    best = group;
                    length = phrase.Length;
                }
            }
        }
        return (best, length);
    }
}
