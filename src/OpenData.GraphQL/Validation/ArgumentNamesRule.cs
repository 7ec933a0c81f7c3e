using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.4.1 Argument Names: every argument given to a field or directive must be defined by it
/// (graphql-js KnownArgumentNamesRule). Messages suggest similarly spelled argument names.
/// </summary>
public sealed class ArgumentNamesRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private Dictionary<string, List<string>>? _documentDirectiveArguments;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case DirectiveNode directive:
                    CheckDirective(directive);
                    // The directive's arguments are done; the field branch below must not see them.
                    return VisitAction.SkipChildren;
                case ArgumentNode argument:
                    if (context.Argument is null && context.FieldDef is { } fieldDef && context.ParentType is { } parentType)
                    {
                        string argName = argument.Name.Value;
                        var suggestions = Suggestions.SuggestionList(argName, fieldDef.Arguments.Select(a => a.Name));
                        context.ReportError(
                            $"Unknown argument \"{argName}\" on field \"{parentType.Name}.{fieldDef.Name}\"." + Suggestions.DidYouMean(suggestions),
                            argument);
                    }
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        private void CheckDirective(DirectiveNode directive)
        {
            string directiveName = directive.Name.Value;
            List<string>? known;
            if (DocumentDirectiveArguments().TryGetValue(directiveName, out var fromDocument)) known = fromDocument;
            else if (context.Schema.GetDirective(directiveName) is { } definition) known = definition.Arguments.Select(a => a.Name).ToList();
            else return;

            foreach (var argument in directive.Arguments)
            {
                string argName = argument.Name.Value;
                if (known.Contains(argName)) continue;
                var suggestions = Suggestions.SuggestionList(argName, known);
                context.ReportError(
                    $"Unknown argument \"{argName}\" on directive \"@{directiveName}\"." + Suggestions.DidYouMean(suggestions),
                    argument);
            }
        }

        // Directive definitions in the document take precedence over the schema's, as in graphql-js.
        private Dictionary<string, List<string>> DocumentDirectiveArguments()
        {
            if (_documentDirectiveArguments is null)
            {
                _documentDirectiveArguments = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var definition in context.Document.Definitions)
                {
                    if (definition is DirectiveDefinitionNode d) _documentDirectiveArguments[d.Name.Value] = d.Arguments.Select(a => a.Name.Value).ToList();
                }
            }
            return _documentDirectiveArguments;
        }
    }
}
