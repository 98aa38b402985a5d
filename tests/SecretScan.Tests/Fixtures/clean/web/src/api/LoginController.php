<?php
declare(strict_types=1);

namespace App\Controller;

final class LoginController
{
    public function __construct(private readonly UserRepository $users, private readonly TokenIssuer $tokens) {}

    public function login(Request $request): Response
    {
        $email = $request->request->get('email');
        $password = $request->request->get('password');
        $user = $this->users->findByEmail($email);
        if ($user === null || !password_verify($password, $user->passwordHash)) {
            return new JsonResponse(['error' => 'invalid_credentials'], 401);
        }
        $token = $this->tokens->issue($user->id, ttl: 900);
        return new JsonResponse(['access_token' => $token, 'token_type' => 'Bearer', 'expires_in' => 900]);
    }
}
