// Orleans and GraphQL both define [Id]; in this project it is always GraphQL's ID type.
global using IdAttribute = GraphQL.IdAttribute;
