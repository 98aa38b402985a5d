// HTTP client: the access token comes from the session, the API key from the build environment.
import axios from "axios";

const apiKey = import.meta.env.VITE_PUBLIC_API_KEY;
const baseURL = process.env.API_BASE_URL ?? "https://api.shop.test";

export const client = axios.create({ baseURL, timeout: 10_000, headers: { "X-API-Key": apiKey } });

client.interceptors.request.use((config) => {
  const token = sessionStorage.getItem("access_token");
  if (token) config.headers.Authorization = `Bearer ${token}`;
  return config;
});

export async function resetPassword(email) {
  const { data } = await client.post("/password/reset", { email });
  return data.resetTokenSent;
}

export async function changePassword(currentPassword, newPassword) {
  const payload = { current_password: currentPassword, new_password: newPassword };
  return client.post("/password/change", payload);
}

export function getRefreshToken(storage = localStorage) {
  const refreshToken = storage.getItem("refresh_token");
  return refreshToken ?? null;
}

export const passwordRules = { minLength: 12, requireDigit: true, requireSymbol: true };
