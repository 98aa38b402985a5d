package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

const tokenTTL = 15 * time.Minute

var ErrInvalidToken = errors.New("invalid token")

type Config struct {
	SigningKey []byte
	AdminToken string
}

func LoadConfig() (Config, error) {
	key := os.Getenv("JWT_SIGNING_KEY")
	if key == "" {
		return Config{}, fmt.Errorf("JWT_SIGNING_KEY is not set")
	}
	adminToken := os.Getenv("ADMIN_TOKEN")
	return Config{SigningKey: []byte(key), AdminToken: adminToken}, nil
}

func HashPassword(password string) (string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(hash), err
}

func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

func BearerToken(r *http.Request) (string, error) {
	header := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || token == "" {
		return "", ErrInvalidToken
	}
	return token, nil
}

func (c Config) IsAdmin(token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(c.AdminToken)) == 1
}

func (c Config) Issue(ctx context.Context, subject string) (string, error) {
	claims := jwt.RegisteredClaims{Subject: subject, ExpiresAt: jwt.NewNumericDate(time.Now().Add(tokenTTL))}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(c.SigningKey)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return signed, nil
}
