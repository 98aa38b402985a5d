import { z } from "zod";

const ACCESS_TOKEN_KEY = "access_token";
const REFRESH_TOKEN_KEY = "refresh_token";

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

const LoginSchema = z.object({
  email: z.string().email(),
  password: z.string().min(12, "Password must be at least 12 characters"),
});

export function saveSession(session: Session): void {
  localStorage.setItem(ACCESS_TOKEN_KEY, session.accessToken);
  localStorage.setItem(REFRESH_TOKEN_KEY, session.refreshToken);
}

export function loadToken(): string | null {
  return localStorage.getItem(ACCESS_TOKEN_KEY);
}

export async function login(email: string, password: string): Promise<Session> {
  LoginSchema.parse({ email, password });
  const response = await fetch("/api/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const body = await response.json();
  const session = { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: Date.now() + body.expires_in * 1000 };
  saveSession(session);
  return session;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = loadToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) { localStorage.removeItem(ACCESS_TOKEN_KEY); throw new Error("unauthorized"); }
  return res.json() as Promise<T>;
}
