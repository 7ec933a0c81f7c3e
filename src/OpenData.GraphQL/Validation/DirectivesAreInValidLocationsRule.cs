using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.7.2 Directives Are In Valid Locations: a directive may only be used at the locations its definition
/// lists, e.g. @include on fields and fragments but not on operations (graphql-js KnownDirectivesRule,
/// second half). Unknown directives are left to <see cref="DirectivesAreDefinedRule"/>.
/// </summary>
public sealed class DirectivesAreInValidLocationsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        // The nodes from the document down to the one being visited: a directive applies to the node above it.
        private readonly List<Node> _ancestors = [];
        private Dictionary<string, List<string>>? _documentDirectives;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case DirectiveNode directive:
                    Check(directive);
                    return VisitAction.SkipChildren;
                case ValueNode or ArgumentNode or NameNode or TypeNode:
                    return VisitAction.SkipChildren;
                default:
                    _ancestors.Add(node);
                    return VisitAction.Continue;
            }
        }

        public override void Leave(Node node) => _ancestors.RemoveAt(_ancestors.Count - 1);

        private void Check(DirectiveNode directive)
        {
            string name = directive.Name.Value;
            string? location = LocationOf(_ancestors[^1], _ancestors.Count > 1 ? _ancestors[^2] : null);
            if (location is null) return;
            // A directive definition in the document replaces the schema's, as in graphql-js.
            if (DocumentDirectiveLocations(name) is { } documentLocations)
            {
                if (documentLocations.Contains(location)) return;
            }
            else if (context.Schema.GetDirective(name) is { } definition)
            {
                foreach (var allowed in definition.Locations)
                {
                    if (allowed.ToSpecName() == location) return;
                }
            }
            else
            {
                return;
            }
            context.ReportError($"Directive \"@{name}\" may not be used on {location}.", directive);
        }

        private List<string>? DocumentDirectiveLocations(string name)
        {
            if (_documentDirectives is null)
            {
                _documentDirectives = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var definition in context.Document.Definitions)
                {
                    if (definition is DirectiveDefinitionNode d) _documentDirectives[d.Name.Value] = d.Locations.Select(l => l.Value).ToList();
                }
            }
            return _documentDirectives.GetValueOrDefault(name);
        }

        private static string? LocationOf(Node appliedTo, Node? parent)
        {
            DirectiveLocation? location = appliedTo switch
            {
                OperationDefinitionNode o => o.Operation switch
                {
                    OperationType.Query => DirectiveLocation.Query,
                    OperationType.Mutation => DirectiveLocation.Mutation,
                    _ => DirectiveLocation.Subscription,
                },
                FieldNode => DirectiveLocation.Field,
                FragmentSpreadNode => DirectiveLocation.FragmentSpread,
                InlineFragmentNode => DirectiveLocation.InlineFragment,
                FragmentDefinitionNode => DirectiveLocation.FragmentDefinition,
                VariableDefinitionNode => DirectiveLocation.VariableDefinition,
                SchemaDefinitionNode => DirectiveLocation.Schema,
                ScalarTypeDefinitionNode => DirectiveLocation.Scalar,
                ObjectTypeDefinitionNode => DirectiveLocation.Object,
                FieldDefinitionNode => DirectiveLocation.FieldDefinition,
                InterfaceTypeDefinitionNode => DirectiveLocation.Interface,
                UnionTypeDefinitionNode => DirectiveLocation.Union,
                EnumTypeDefinitionNode => DirectiveLocation.Enum,
                EnumValueDefinitionNode => DirectiveLocation.EnumValue,
                InputObjectTypeDefinitionNode => DirectiveLocation.InputObject,
                // graphql-js only calls fields of an input object *definition* input fields; on an extension
                // they count as argument definitions. Kept identical.
                InputValueDefinitionNode => parent?.Kind == NodeKind.InputObjectTypeDefinition
                    ? DirectiveLocation.InputFieldDefinition
                    : DirectiveLocation.ArgumentDefinition,
                DirectiveDefinitionNode => DirectiveLocation.DirectiveDefinition,
                _ => null,
            };
            return location?.ToSpecName();
        }
    }
}
