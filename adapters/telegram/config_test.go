package telegram

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckWebhookSecret(t *testing.T) {
	tests := []struct {
		secret string
		ok     bool
	}{
		{"a", true},
		{"Abc_123-xyz", true},
		{strings.Repeat("x", 256), true},
		{"", false},
		{strings.Repeat("x", 257), false},
		{"with space", false},
		{"umläut", false},
		{"semi;colon", false},
	}
	for _, tt := range tests {
		if err := CheckWebhookSecret(tt.secret); (err == nil) != tt.ok {
			t.Errorf("CheckWebhookSecret(%q) = %v, want ok=%v", tt.secret, err, tt.ok)
		}
	}
}

func TestCheckEndpoint(t *testing.T) {
	tests := []struct {
		endpoint string
		ok       bool
	}{
		{"https://api.telegram.org/bot%s/%s", true},
		{"http://127.0.0.1:8081/bot%s/%s", true},
		{"https://api.telegram.org/bot%s", false},
		{"https://api.telegram.org/bot%s/%s/%s", false},
		{"https://api.telegram.org/bot%d/%s", false},
		{"api.telegram.org/bot%s/%s", false},
		{"ftp://host/bot%s/%s", false},
	}
	for _, tt := range tests {
		if err := CheckEndpoint(tt.endpoint); (err == nil) != tt.ok {
			t.Errorf("CheckEndpoint(%q) = %v, want ok=%v", tt.endpoint, err, tt.ok)
		}
	}
}

func TestParseAdmins(t *testing.T) {
	tests := []struct {
		in   string
		want []int64
		ok   bool
	}{
		{"", nil, true},
		{"1111111", []int64{1111111}, true},
		{" 1, 2 ,3,", []int64{1, 2, 3}, true},
		{"1,@anna", nil, false},
		{"-5", nil, false},
	}
	for _, tt := range tests {
		got, err := ParseAdmins(tt.in)
		if (err == nil) != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("ParseAdmins(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestNewReportsEveryProblem(t *testing.T) {
	_, err := New(Config{WebhookURL: "http://insecure.example.com", Endpoint: "x"})
	if err == nil {
		t.Fatal("New accepted an empty config")
	}
	for _, want := range []string{"token", "endpoint", "webhook URL", "webhook secret", "answerer", "cursor", "inbox", "feedback", "pseudonymizer"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}
