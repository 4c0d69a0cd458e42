import type { Category } from "./preset-types.ts";

/** The categories every tenant has. */
export const BUILT_IN_CATEGORIES: readonly Category[] = [
  { id: "nature", name: "Nature", description: "Landscapes, weather, plants and animals." },
  { id: "people", name: "People", description: "Portraits, everyday life, sport and performance." },
  { id: "products", name: "Products", description: "Product shots, packaging and showcases." },
  { id: "abstract", name: "Abstract", description: "Shapes, colour, texture and motion for their own sake." },
  { id: "travel", name: "Travel", description: "Places, cities, journeys and landmarks." },
];
