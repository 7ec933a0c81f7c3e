using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Risks;

/// <summary>Risk-register entries.</summary>
public static class RiskGraph
{
    public static void Relate(DomainGraphs g) =>
        g.Risks.Reference("source", g.Sources, "source_id", "The source that publishes the register.");

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.Risks, "risks", "risk", "key", "The entry's id as published.");
}
