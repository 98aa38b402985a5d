import OpenAI from "openai";

// TODO move to the backend before launch
const OPENAI_API_KEY = "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";

export const openai = new OpenAI({ apiKey: OPENAI_API_KEY, dangerouslyAllowBrowser: true });

export async function summarize(text) {
  const res = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
  return res.choices[0].message.content;
}

export const mapsKey = "AIzaeiusQXJ2FcJ4M4HD6ODdOvsta6_sA6qmD_M";
