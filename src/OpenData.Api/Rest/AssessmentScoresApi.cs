using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/assessment-scores</c>: the strategic-assessment matrices.</summary>
public static class AssessmentScoresApi
{
    public static readonly DatasetResource<OpenData.Store.AssessmentScore, AssessmentScoreDto> Resource = new()
    {
        Dataset = AssessmentScoreDto.Dataset,
        ListName = "ListAssessmentScores",
        ItemName = "GetAssessmentScore",
        Noun = "assessment score",
        About = "Rows of the crime and ASB matrices of the strategic assessment: per category, the criterion scores as published ('?' = unknown as published), total and priority band.",
        KeyExample = "rbkc-ccsp-2008-s001",
        FilterExample = ("matrix", "crime"),
        LinkFields = ["source_id"],
        Links = (s, links) => new LinkList(links)
            .Item("self", "assessment-scores", s.Id)
            .Item("source", "sources", s.SourceId),
    };

    public static RouteGroupBuilder MapAssessmentScores(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
