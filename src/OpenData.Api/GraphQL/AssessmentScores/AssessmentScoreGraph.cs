using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.AssessmentScores;

/// <summary>Strategic-assessment matrix rows.</summary>
public static class AssessmentScoreGraph
{
    public static void Relate(DomainGraphs g) =>
        g.AssessmentScores.Reference("source", g.Sources, "source_id", "The source that publishes the matrix.");

    public static void AddQueryFields(ObjectType query, DomainGraphs g) =>
        RootFields.Add(query, g.AssessmentScores, "assessmentScores", "assessmentScore", "key", "The row's id as published.");
}
