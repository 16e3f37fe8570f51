/// The check orchestration shared by `stdcheck check` and the service (filled in next).
public enum CheckSession {}
