using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Releases;

/// <summary>Data releases (imports), newest first.</summary>
public static class ReleaseGraph
{
    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Releases, "releases", "release", "key", "The release's sequence number (1 for the first import).");
}
