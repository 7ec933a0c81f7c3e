using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.7.1 Directives Are Defined: every directive used must be defined by the schema (or by a directive
/// definition in the document itself) (graphql-js KnownDirectivesRule, first half).
/// </summary>
public sealed class DirectivesAreDefinedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private HashSet<string>? _documentDirectives;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case DirectiveNode directive:
                    string name = directive.Name.Value;
                    if (context.Schema.GetDirective(name) is null && !DefinedInDocument(name))
                    {
                        context.ReportError($"Unknown directive \"@{name}\".", directive);
                    }
                    return VisitAction.SkipChildren;
                case ValueNode or ArgumentNode:
                    // Values hold no directives.
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        private bool DefinedInDocument(string name)
        {
            if (_documentDirectives is null)
            {
                _documentDirectives = new HashSet<string>(StringComparer.Ordinal);
                foreach (var definition in context.Document.Definitions)
                {
                    if (definition is DirectiveDefinitionNode d) _documentDirectives.Add(d.Name.Value);
                }
            }
            return _documentDirectives.Contains(name);
        }
    }
}
