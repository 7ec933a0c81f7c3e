using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.4.2.1 Required Arguments: arguments of non-null type without a default value must be given, on
/// fields and on directives (graphql-js ProvidedRequiredArgumentsRule).
/// </summary>
public sealed class RequiredArgumentsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        // Directive name -> its required arguments (name, printed type).
        private Dictionary<string, List<(string Name, string Type)>>? _requiredDirectiveArguments;

        public override VisitAction Enter(Node node)
            => node is ArgumentNode ? VisitAction.SkipChildren : VisitAction.Continue;

        public override void Leave(Node node)
        {
            switch (node)
            {
                case FieldNode field when context.FieldDef is { } fieldDef:
                    foreach (var argDef in fieldDef.Arguments)
                    {
                        if (argDef.IsRequiredInput() && !IsProvided(field.Arguments, argDef.Name))
                        {
                            context.ReportError(
                                $"Field \"{fieldDef.Name}\" argument \"{argDef.Name}\" of type \"{argDef.Type}\" is required, but it was not provided.",
                                field);
                        }
                    }
                    break;
                case DirectiveNode directive:
                    string directiveName = directive.Name.Value;
                    if (!RequiredDirectiveArguments().TryGetValue(directiveName, out var required)) break;
                    foreach (var (argName, argType) in required)
                    {
                        if (!IsProvided(directive.Arguments, argName))
                        {
                            context.ReportError(
                                $"Directive \"@{directiveName}\" argument \"{argName}\" of type \"{argType}\" is required, but it was not provided.",
                                directive);
                        }
                    }
                    break;
            }
        }

        private static bool IsProvided(IReadOnlyList<ArgumentNode> arguments, string name)
        {
            foreach (var argument in arguments)
            {
                if (argument.Name.Value == name) return true;
            }
            return false;
        }

        private Dictionary<string, List<(string Name, string Type)>> RequiredDirectiveArguments()
        {
            if (_requiredDirectiveArguments is null)
            {
                _requiredDirectiveArguments = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
                foreach (var directive in context.Schema.Directives)
                {
                    _requiredDirectiveArguments[directive.Name] = directive.Arguments
                        .Where(a => a.IsRequiredInput())
                        .Select(a => (a.Name, a.Type.ToString() ?? ""))
                        .ToList();
                }
                // Directive definitions in the document replace the schema's, as in graphql-js.
                foreach (var definition in context.Document.Definitions)
                {
                    if (definition is not DirectiveDefinitionNode d) continue;
                    _requiredDirectiveArguments[d.Name.Value] = d.Arguments
                        .Where(a => a.Type is NonNullTypeNode && a.DefaultValue is null)
                        .Select(a => (a.Name.Value, Printer.Print(a.Type)))
                        .ToList();
                }
            }
            return _requiredDirectiveArguments;
        }
    }
}
