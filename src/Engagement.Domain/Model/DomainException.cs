namespace Engagement.Domain.Model;

/// <summary>Input the domain cannot work with; the message says what to change.</summary>
public class DomainException(string message) : Exception(message);
